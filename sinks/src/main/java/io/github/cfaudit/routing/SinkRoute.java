package io.github.cfaudit.routing;

import io.github.cfaudit.sink.AuditSink;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/** A sink and the predicate that selects its entries (null: every entry). */
public record SinkRoute(AuditSink sink, Predicate when) {
    public SinkRoute {
        Objects.requireNonNull(sink, "sink == null");
    }

    /**
     * Whether the predicate selects the entry. A predicate that cannot be evaluated on an entry (typically a Simple
     * path through a field this kind of entry lacks, such as {@code ${body[action][result]}} on an insight change)
     * does not select it; the caller counts and reports such entries instead of failing the source.
     */
    public boolean selects(Exchange entryExchange) {
        return when == null || when.matches(entryExchange);
    }
}
