package io.github.cfaudit.operations;

import io.github.cfaudit.cloudflare.RateBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * The module's Micrometer meters, registered in the MeterRegistry found in the Camel registry (the Prometheus one
 * when {@code camel.metrics.enabled=true}), else in a private one so counting never fails. Names follow Prometheus
 * conventions once exported: {@code cfaudit_source_entries_fetched_total{source="acme"}} and so on (see docs/operations.md).
 */
public final class MicrometerAuditMetrics implements AuditMetrics {
    private final Supplier<CamelContext> context;
    private volatile MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();

    public MicrometerAuditMetrics(Supplier<CamelContext> context) {
        this.context = context;
    }

    /** The registry in use, looked up once the context has one. */
    public MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    CamelContext c = context.get();
                    MeterRegistry found = c == null ? null : c.getRegistry().findSingleByType(MeterRegistry.class);
                    registry = found != null ? found : new SimpleMeterRegistry();
                }
                r = registry;
            }
        }
        return r;
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join(",", tags);
        return counters.computeIfAbsent(
                key,
                k -> Counter.builder(name).description(description).tags(tags).register(registry()));
    }

    /** The gauges of a source, tagged with the source and the connection it polls with. */
    @Override
    public void registerSource(String source, String connection, SourceStatus status, Clock clock) {
        MeterRegistry r = registry();
        Gauge.builder("cfaudit.source.lag", status, s -> s.lagSeconds(clock.instant()))
                .baseUnit("seconds")
                .description("Event time from the committed watermark to now")
                .tag("source", source)
                .tag("connection", connection)
                .register(r);
        Gauge.builder("cfaudit.source.backfill.progress", status, SourceStatus::progress)
                .baseUnit("ratio")
                .description("Share of the current run's window read, by event time")
                .tag("source", source)
                .tag("connection", connection)
                .register(r);
        Gauge.builder("cfaudit.source.backfill.eta", status, SourceStatus::etaSeconds)
                .baseUnit("seconds")
                .description("Estimated time left in the current run")
                .tag("source", source)
                .tag("connection", connection)
                .register(r);
        Gauge.builder("cfaudit.source.consecutive.failures", status, SourceStatus::consecutiveFailures)
                .description("Failed runs in a row")
                .tag("source", source)
                .tag("connection", connection)
                .register(r);
    }

    /** The gauges of a connection's rate budget, tagged with the connection. */
    @Override
    public void registerBudget(String connection, RateBudget budget) {
        MeterRegistry r = registry();
        Gauge.builder("cfaudit.api.rate.budget.remaining", budget, RateBudget::remaining)
                .description("Requests still allowed in the current window of the connection's client-side budget")
                .tag("connection", connection)
                .register(r);
        Gauge.builder("cfaudit.api.rate.paused", budget, b -> b.isPaused() ? 1 : 0)
                .description("1 while a 429 or an exhausted server budget holds the connection's requests back")
                .tag("connection", connection)
                .register(r);
        FunctionCounter.builder("cfaudit.api.connection.requests", budget, RateBudget::requests)
                .description("Requests the connection's budget let through")
                .tag("connection", connection)
                .register(r);
    }

    @Override
    public void request(String source, int status) {
        counter(
                        "cfaudit.api.requests",
                        "Page requests by HTTP status",
                        "source",
                        source,
                        "status",
                        Integer.toString(status))
                .increment();
        if (status == 429) {
            counter("cfaudit.api.rate.limited", "429 answers", "source", source).increment();
        }
    }

    @Override
    public void retry(String source) {
        counter("cfaudit.api.retries", "Retries of failed page requests", "source", source)
                .increment();
    }

    @Override
    public void page(String source, int entries) {
        counter("cfaudit.source.pages", "Pages read", "source", source).increment();
        counter("cfaudit.source.entries.fetched", "Entries read from the API", "source", source)
                .increment(entries);
    }

    @Override
    public void delivered(String source, long entries) {
        counter("cfaudit.source.entries.delivered", "New entries delivered and committed", "source", source)
                .increment(entries);
    }

    /**
     * Buckets of the lag histograms, seconds: from "as soon as settle allows" to "a day late"; Prometheus gets
     * {@code _bucket{le=...}} series for these, plus {@code _count}, {@code _sum} and {@code _max}.
     */
    static final double[] LAG_BUCKETS_SECONDS = {1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400};

    @Override
    public void arrivalLag(String source, long[] lagMillis, int count) {
        if (count == 0) {
            return;
        }
        DistributionSummary lag = summaries.computeIfAbsent(
                "lag" + source,
                k -> DistributionSummary.builder("cfaudit.entry.arrival.lag")
                        .baseUnit("seconds")
                        .description("How long after its event time each new entry was fetched")
                        .serviceLevelObjectives(LAG_BUCKETS_SECONDS)
                        .tag("source", source)
                        .register(registry()));
        for (int i = 0; i < count; i++) {
            lag.record(lagMillis[i] / 1000.0);
        }
    }

    @Override
    public void lateArrivals(String source, long[] behindMillis, int count) {
        counter(
                        "cfaudit.late.arrivals",
                        "New entries the lookback found behind the watermark the run started from",
                        "source",
                        source)
                .increment(count);
        DistributionSummary behind = summaries.computeIfAbsent(
                "behind" + source,
                k -> DistributionSummary.builder("cfaudit.late.arrival.behind")
                        .baseUnit("seconds")
                        .description("How far behind the watermark each late arrival was")
                        .serviceLevelObjectives(LAG_BUCKETS_SECONDS)
                        .tag("source", source)
                        .register(registry()));
        for (int i = 0; i < count; i++) {
            behind.record(behindMillis[i] / 1000.0);
        }
    }

    @Override
    public void sinkWrite(String sink, int entries, long bytes, long nanos) {
        counter("cfaudit.sink.entries.written", "Entries a sink accepted", "sink", sink)
                .increment(entries);
        counter("cfaudit.sink.bytes.written", "Bytes of entry JSON a sink accepted", "sink", sink)
                .increment(bytes);
        timers.computeIfAbsent(
                        sink,
                        s -> Timer.builder("cfaudit.sink.write")
                                .description("Time to flush one page to a sink")
                                .tag("sink", s)
                                .register(registry()))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void sinkFailure(String sink) {
        counter("cfaudit.sink.failures", "Pages a sink did not accept", "sink", sink)
                .increment();
    }
}
