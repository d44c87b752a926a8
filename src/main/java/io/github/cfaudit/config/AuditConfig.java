package io.github.cfaudit.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The whole validated configuration: API access, where checkpoints live, the sources, the sinks, and how often a
 * failed sink delivery is retried ({@code cfaudit.delivery.*}).
 */
public record AuditConfig(ApiConfig api, Path stateDirectory, List<SourceConfig> sources, List<SinkConfig> sinks,
                          Delivery delivery, io.github.cfaudit.operations.HealthSettings health, ClusterConfig cluster) {
    public static final String DEFAULT_STATE_DIRECTORY = "data/state";
    public static final Delivery DEFAULT_DELIVERY = new Delivery(3, java.time.Duration.ofSeconds(1));

    /**
     * @param maxRetries {@code cfaudit.delivery.max-retries}: retries of a page a sink did not accept
     * @param retryDelay {@code cfaudit.delivery.retry-delay}: the first backoff delay, doubled per retry
     */
    public record Delivery(int maxRetries, java.time.Duration retryDelay) {
    }

    /** A configuration with checkpoints in files, one node. */
    public AuditConfig(ApiConfig api, Path stateDirectory, List<SourceConfig> sources, List<SinkConfig> sinks,
                       Delivery delivery, io.github.cfaudit.operations.HealthSettings health) {
        this(api, stateDirectory, sources, sinks, delivery, health, ClusterConfig.NONE);
    }

    public AuditConfig {
        Objects.requireNonNull(cluster, "cluster == null");
        Objects.requireNonNull(api, "api == null");
        Objects.requireNonNull(stateDirectory, "stateDirectory == null");
        Objects.requireNonNull(delivery, "delivery == null");
        Objects.requireNonNull(health, "health == null");
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
    }
}
