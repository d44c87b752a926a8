package io.github.cfaudit.routing;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import org.apache.camel.Message;

/** The headers every entry exchange carries, for predicates and for routes of your own. */
public final class EntryHeaders {
    /** The source name, e.g. {@code acme-account}. */
    public static final String SOURCE = "CloudflareAuditSource";
    /** {@code organization}, {@code account} or {@code insight}. */
    public static final String SOURCE_TYPE = "CloudflareAuditSourceType";
    /** The entry's {@code id}. */
    public static final String ENTRY_ID = "CloudflareAuditEntryId";
    /** The event time ({@code action.time} or {@code changed_at}) as a {@link java.time.Instant}. */
    public static final String TIME = "CloudflareAuditTime";

    private EntryHeaders() {}

    public static void set(Message message, SourceConfig source, AuditEntry entry) {
        setSource(message, source);
        setEntry(message, entry);
    }

    /** The headers every entry of a source shares. */
    public static void setSource(Message message, SourceConfig source) {
        message.setHeader(SOURCE, source.name());
        message.setHeader(SOURCE_TYPE, source.type().configName());
    }

    /** The headers of one entry. */
    public static void setEntry(Message message, AuditEntry entry) {
        message.setHeader(ENTRY_ID, entry.id());
        message.setHeader(TIME, entry.time());
    }
}
