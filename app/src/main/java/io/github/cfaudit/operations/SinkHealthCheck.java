package io.github.cfaudit.operations;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness of one sink: down while its last page was not accepted. */
public final class SinkHealthCheck extends AbstractHealthCheck {
    private final SinkStatus status;

    public SinkHealthCheck(String sink, SinkStatus status) {
        super("cfaudit", "cfaudit-sink-" + sink);
        this.status = status;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("reachable", status.reachable());
        builder.detail("last.success", String.valueOf(status.lastSuccess()));
        if (status.lastError() != null) {
            builder.detail("last.error", status.lastError());
        }
        if (status.reachable()) {
            builder.up();
        } else {
            builder.message("last page not accepted: " + status.lastError());
            builder.down();
        }
    }
}
