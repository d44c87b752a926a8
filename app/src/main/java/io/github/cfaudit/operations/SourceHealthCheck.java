package io.github.cfaudit.operations;

import java.time.Clock;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness of one source: down after too many failed runs in a row, or when its watermark lags too far. */
public final class SourceHealthCheck extends AbstractHealthCheck {
    private final SourceStatus status;
    private final HealthSettings settings;
    private final Clock clock;
    private String connection;

    public SourceHealthCheck(String source, SourceStatus status, HealthSettings settings, Clock clock) {
        super("cfaudit", "cfaudit-source-" + source);
        this.status = status;
        this.settings = settings;
        this.clock = clock;
    }

    /** Names the connection of the source in the check's details. */
    public SourceHealthCheck connection(String name) {
        this.connection = name;
        return this;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        double lag = status.lagSeconds(clock.instant());
        if (connection != null) {
            builder.detail("connection", connection);
        }
        builder.detail("last.success", String.valueOf(status.lastSuccess()));
        builder.detail("consecutive.failures", status.consecutiveFailures());
        builder.detail("lag.seconds", Double.isNaN(lag) ? "unknown" : String.valueOf((long) lag));
        builder.detail("watermark", String.valueOf(status.watermark()));
        if (status.lastError() != null) {
            builder.detail("last.error", status.lastError());
        }
        if (status.consecutiveFailures() >= settings.maxFailures()) {
            builder.message(status.consecutiveFailures() + " failed runs in a row: " + status.lastError());
            builder.down();
        } else if (!Double.isNaN(lag) && lag > settings.maxLag().toSeconds()) {
            builder.message(
                    "lag " + (long) lag + " s exceeds " + settings.maxLag().toSeconds() + " s");
            builder.down();
        } else {
            builder.up();
        }
    }
}
