package io.github.cfaudit.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole validated configuration: API access (one {@link ConnectionConfig} per set of credentials, by name, each
 * used by at least one source), where checkpoints live, the sources, the sinks, and how often a failed sink delivery
 * is retried ({@code cfaudit.delivery.*}).
 */
public record AuditConfig(
        Map<String, ConnectionConfig> connections,
        Path stateDirectory,
        List<SourceConfig> sources,
        List<SinkConfig> sinks,
        Delivery delivery,
        io.github.cfaudit.operations.HealthSettings health,
        ClusterConfig cluster) {
    public static final String DEFAULT_STATE_DIRECTORY = GlobalOptions.DEFAULT_STATE_DIRECTORY;
    public static final Delivery DEFAULT_DELIVERY =
            new Delivery(GlobalOptions.DEFAULT_DELIVERY_MAX_RETRIES, GlobalOptions.DEFAULT_DELIVERY_RETRY_DELAY);

    /**
     * @param maxRetries {@code cfaudit.delivery.max-retries}: retries of a page a sink did not accept
     * @param retryDelay {@code cfaudit.delivery.retry-delay}: the first backoff delay, doubled per retry
     */
    public record Delivery(int maxRetries, java.time.Duration retryDelay) {}

    /** A configuration with checkpoints in files, one node. */
    public AuditConfig(
            Map<String, ConnectionConfig> connections,
            Path stateDirectory,
            List<SourceConfig> sources,
            List<SinkConfig> sinks,
            Delivery delivery,
            io.github.cfaudit.operations.HealthSettings health) {
        this(connections, stateDirectory, sources, sinks, delivery, health, ClusterConfig.NONE);
    }

    public AuditConfig {
        Objects.requireNonNull(cluster, "cluster == null");
        connections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(connections));
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("no connection");
        }
        Objects.requireNonNull(stateDirectory, "stateDirectory == null");
        Objects.requireNonNull(delivery, "delivery == null");
        Objects.requireNonNull(health, "health == null");
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
    }

    /** The API settings of the {@value ConnectionConfig#DEFAULT} connection ({@code cfaudit.api.*}), else the first. */
    public ApiConfig api() {
        return connections
                .getOrDefault(
                        ConnectionConfig.DEFAULT,
                        connections.values().iterator().next())
                .api();
    }

    /** What the nodes of a cluster must agree on: each source, sink and connection (see ClusterConsistency). */
    public Map<String, String> fingerprints() {
        Map<String, String> sinkDescriptions = new java.util.LinkedHashMap<>();
        sinks.forEach(s -> sinkDescriptions.put(s.name(), s.toString()));
        return io.github.cfaudit.cluster.ClusterConsistency.fingerprints(sources, sinkDescriptions, connections);
    }

    /** The connection a source polls with. */
    public ConnectionConfig connection(SourceConfig source) {
        return connections.get(source.connection());
    }
}
