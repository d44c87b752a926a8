package io.github.cfaudit.cluster;

import io.github.cfaudit.state.JdbcCheckpointStore;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the database state store ({@code cfaudit-state-store}): down while the database does not answer.
 * Its details say which node this is and, per source, which node committed it last, when, and to which watermark.
 */
final class StateStoreHealthCheck extends AbstractHealthCheck {
    private final JdbcCheckpointStore store;
    private final String nodeId;
    private final boolean clustered;

    StateStoreHealthCheck(JdbcCheckpointStore store, String nodeId, boolean clustered) {
        super("cfaudit", "cfaudit-state-store");
        this.store = store;
        this.nodeId = nodeId;
        this.clustered = clustered;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("node", nodeId);
        builder.detail("clustered", clustered);
        try {
            for (JdbcCheckpointStore.Row r : store.rows().values()) {
                if (r.updatedBy() != null) {
                    builder.detail("source." + r.source() + ".last.node", r.updatedBy());
                    builder.detail("source." + r.source() + ".last.commit", String.valueOf(r.updatedAt()));
                    builder.detail("source." + r.source() + ".watermark", String.valueOf(r.watermark()));
                }
            }
            builder.up();
        } catch (RuntimeException e) {
            builder.message(e.getMessage());
            builder.down();
        }
    }
}
