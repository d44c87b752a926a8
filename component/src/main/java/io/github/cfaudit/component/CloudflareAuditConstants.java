package io.github.cfaudit.component;

import org.apache.camel.spi.Metadata;

/** The headers of a page exchange of the {@code cloudflare-audit} consumer. */
public final class CloudflareAuditConstants {
    @Metadata(description = "The source name (the endpoint's path), which names its checkpoint.", javaType = "String")
    public static final String SOURCE = "CloudflareAuditSource";

    @Metadata(description = "The source type: organization, account or insight.", javaType = "String")
    public static final String SOURCE_TYPE = "CloudflareAuditSourceType";

    @Metadata(description = "The page's number in its run, from 1.", javaType = "Integer")
    public static final String PAGE_NUMBER = "CloudflareAuditPageNumber";

    @Metadata(
            description = "The watermark the checkpoint moves to once this exchange completes: the latest event "
                    + "time on the page.",
            javaType = "java.time.Instant")
    public static final String WATERMARK = "CloudflareAuditWatermark";

    @Metadata(description = "How many entries the body holds (ids not delivered before).", javaType = "Integer")
    public static final String ENTRY_COUNT = "CloudflareAuditEntryCount";
    /**
     * Exchange property a route may set to a {@code Map<String, Long>} of entries per destination; it goes into the
     * run's summary and log line ({@code sinks {...}}).
     */
    public static final String ACCEPTED_PROPERTY = "CloudflareAuditAccepted";

    private CloudflareAuditConstants() {}
}
