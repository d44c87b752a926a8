package io.github.cfaudit.operations;

import io.github.cfaudit.cloudflare.RateBudget;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * What the pipeline counts: requests, retries, pages, deliveries, sink writes. {@link MicrometerAuditMetrics} when
 * Micrometer is on the class path (the application always has it; an embedding application has it with
 * {@code camel-micrometer} or Spring Boot's actuator), else {@link #NONE}: the component does not require it.
 */
public interface AuditMetrics {
    /** Counts nothing. */
    AuditMetrics NONE = new AuditMetrics() {};

    /** Micrometer's meters when Micrometer is on the class path, else {@link #NONE}. */
    static AuditMetrics of(Supplier<CamelContext> context) {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, AuditMetrics.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
        return new MicrometerAuditMetrics(context);
    }

    /** The gauges of a source, tagged with the source and the connection it polls with. */
    default void registerSource(String source, String connection, SourceStatus status, Clock clock) {}

    default void registerBudget(String connection, RateBudget budget) {}

    default void request(String source, int status) {}

    default void retry(String source) {}

    default void page(String source, int entries) {}

    default void delivered(String source, long entries) {}

    /**
     * A committed page's new entries: {@code lagMillis[0..count)} is, for each, the time its page was read minus its
     * event time ({@code cfaudit_entry_arrival_lag_seconds}).
     */
    default void arrivalLag(String source, long[] lagMillis, int count) {}

    /**
     * A committed page's late arrivals, entries the lookback found behind the watermark the run started from:
     * {@code behindMillis[0..count)} is how far behind each was ({@code cfaudit_late_arrivals_total},
     * {@code cfaudit_late_arrival_behind_seconds}).
     */
    default void lateArrivals(String source, long[] behindMillis, int count) {}

    default void sinkWrite(String sink, int entries, long bytes, long nanos) {}

    default void sinkFailure(String sink) {}
}
