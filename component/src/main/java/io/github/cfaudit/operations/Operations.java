package io.github.cfaudit.operations;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operational view of the module: per-source and per-sink status, the health checks built on them, the
 * metrics, and backfill progress. The source pipeline reports into it; Camel's management server exposes it.
 */
public final class Operations {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final HealthSettings settings;
    private final Clock clock;
    private final AuditMetrics metrics;
    private final Map<String, SourceStatus> sources = new ConcurrentHashMap<>();
    private final Map<String, SinkStatus> sinks = new ConcurrentHashMap<>();
    private volatile Consumer<Progress> progressListener = p -> {};

    public Operations(HealthSettings settings, Clock clock, AuditMetrics metrics) {
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    public AuditMetrics metrics() {
        return metrics;
    }

    public HealthSettings settings() {
        return settings;
    }

    public SourceStatus source(String name) {
        return sources.computeIfAbsent(name, n -> new SourceStatus());
    }

    public SinkStatus sink(String name) {
        return sinks.computeIfAbsent(name, n -> new SinkStatus());
    }

    public Clock clock() {
        return clock;
    }

    /** A live view of progress, e.g. a terminal line for {@code --once}. */
    public void onProgress(Consumer<Progress> listener) {
        this.progressListener = listener == null ? p -> {} : listener;
    }

    public void progress(Progress progress, boolean log) {
        source(progress.source())
                .progress(
                        progress.share(),
                        progress.entries(),
                        progress.entriesPerSecond(),
                        progress.eta() == null ? Double.NaN : progress.eta().toSeconds());
        if (log) {
            LOG.info("progress {}", progress.describe());
        }
        progressListener.accept(progress);
    }

    public Instant now() {
        return clock.instant();
    }
}
