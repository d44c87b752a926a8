package io.github.cfaudit.formats;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.component.CloudflareAuditConstants;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatContentTypeHeader;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A {@link RecordFormat} as a Camel {@link DataFormat}, marshal only: {@code .marshal(new OcsfDataFormat())} turns
 * an {@link AuditEntry} into its record, and a page (any {@code Iterable} of entries, such as the body the
 * {@code cloudflare-audit:} consumer emits) into one record per line, each ending in {@code \n}. The source type is
 * the one given to the data format, else the exchange's {@code CloudflareAuditSourceType} header, else read from the
 * entry's shape ({@code changed_at}: insight; {@code when}: account-v1; {@code organization}: organization; otherwise
 * account).
 */
public abstract class RecordDataFormat extends ServiceSupport
        implements DataFormat, DataFormatName, DataFormatContentTypeHeader {
    private SourceType sourceType;
    private boolean contentTypeHeader = true;

    /** The format records are written in. */
    protected abstract RecordFormat format();

    @Override
    public String getDataFormatName() {
        return "cfaudit-" + format().name();
    }

    /** The source type of every entry marshalled (null: from the header or the entry). */
    public SourceType getSourceType() {
        return sourceType;
    }

    public void setSourceType(SourceType sourceType) {
        this.sourceType = sourceType;
    }

    /** Whether marshalling sets {@code Content-Type} ({@code application/json} or {@code text/plain}). */
    public boolean isContentTypeHeader() {
        return contentTypeHeader;
    }

    @Override
    public void setContentTypeHeader(boolean contentTypeHeader) {
        this.contentTypeHeader = contentTypeHeader;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        RecordFormat format = format();
        SourceType fromHeader = headerType(exchange);
        if (graph instanceof AuditEntry entry) {
            format.write(entry, type(fromHeader, entry), stream);
        } else if (graph instanceof Iterable<?> page) {
            for (Object o : page) {
                AuditEntry entry = toEntry(exchange, o);
                format.write(entry, type(fromHeader, entry), stream);
                stream.write('\n');
            }
        } else {
            AuditEntry entry = toEntry(exchange, graph);
            format.write(entry, type(fromHeader, entry), stream);
        }
        if (contentTypeHeader) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, format.mediaType() + "; charset=UTF-8");
        }
    }

    /** Not supported: a record keeps what its format can express, not the entry it came from. */
    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) {
        throw new UnsupportedOperationException(getDataFormatName() + " only marshals: a " + format().name()
                + " record cannot be turned back into the Cloudflare entry it was made from (keep the entry"
                + " itself, codec cloudflare, where it must be read back)");
    }

    private SourceType type(SourceType fromHeader, AuditEntry entry) {
        if (sourceType != null) {
            return sourceType;
        }
        return fromHeader != null ? fromHeader : inferType(entry);
    }

    private static SourceType headerType(Exchange exchange) {
        String name = exchange.getMessage().getHeader(CloudflareAuditConstants.SOURCE_TYPE, String.class);
        if (name == null) {
            return null;
        }
        for (SourceType t : SourceType.values()) {
            if (t.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("header " + CloudflareAuditConstants.SOURCE_TYPE + " is '" + name
                + "': use organization, account, insight, account-v1 or user-v1");
    }

    /**
     * The source type an entry's fields show: {@code changed_at} insight; {@code when} (audit logs v1) account-v1,
     * as an entry does not say whether it came from an account's or a user's log (set the type or the header for
     * user-v1); {@code organization}, else account.
     */
    public static SourceType inferType(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry == null");
        if (entry.containsKey("changed_at") && !entry.containsKey("action")) {
            return SourceType.INSIGHT;
        }
        if (entry.containsKey("when")) {
            return SourceType.ACCOUNT_V1;
        }
        return entry.containsKey("organization") ? SourceType.ORGANIZATION : SourceType.ACCOUNT;
    }

    private static AuditEntry toEntry(Exchange exchange, Object o) throws Exception {
        if (o instanceof AuditEntry e) {
            return e;
        }
        return exchange.getContext().getTypeConverter().mandatoryConvertTo(AuditEntry.class, exchange, o);
    }

    @Override
    protected void doStart() {}

    @Override
    protected void doStop() {}
}
