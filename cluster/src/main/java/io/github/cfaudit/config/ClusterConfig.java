package io.github.cfaudit.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where checkpoints live and whether this process is one node of a cluster: {@code cfaudit.state.store},
 * {@code cfaudit.state.jdbc.*} and {@code cfaudit.cluster.*}.
 *
 * @param store           {@code file} (checkpoints in {@code cfaudit.state.directory}) or {@code jdbc} (PostgreSQL)
 * @param jdbcUrl         {@code cfaudit.state.jdbc.url}, null for the file store
 * @param username        {@code cfaudit.state.jdbc.username}, may be null
 * @param password        {@code cfaudit.state.jdbc.password}, may be null
 * @param enabled         {@code cfaudit.cluster.enabled}: Quartz's clustered job store schedules the sources
 * @param nodeId          {@code cfaudit.cluster.node-id}: unique per node; default host name and pid
 * @param checkInInterval {@code cfaudit.cluster.check-in-interval}: Quartz's clusterCheckinInterval
 */
public record ClusterConfig(
        Store store,
        String jdbcUrl,
        String username,
        Secret password,
        boolean enabled,
        String nodeId,
        Duration checkInInterval) {
    public static final Duration DEFAULT_CHECK_IN = GlobalOptions.DEFAULT_CLUSTER_CHECK_IN;
    /** The file store, one node: what a configuration without these keys means. */
    public static final ClusterConfig NONE =
            new ClusterConfig(Store.FILE, null, null, null, false, defaultNodeId(), DEFAULT_CHECK_IN);

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,80}");

    public enum Store {
        FILE,
        JDBC
    }

    public ClusterConfig {
        Objects.requireNonNull(store, "store == null");
        Objects.requireNonNull(nodeId, "nodeId == null");
        Objects.requireNonNull(checkInInterval, "checkInInterval == null");
    }

    public boolean jdbc() {
        return store == Store.JDBC;
    }

    /** Parses the keys below {@code cfaudit.} ({@code root} is that section). */
    static ClusterConfig parse(ConfigProperties root) {
        Store store =
                root.section("state").choice(GlobalOptions.STATE_STORE, Map.of("file", Store.FILE, "jdbc", Store.JDBC));
        ConfigProperties jdbc = root.section("state.jdbc");
        String url = null;
        String username = jdbc.optional(GlobalOptions.JDBC_USERNAME).orElse(null);
        Secret password = jdbc.secret(GlobalOptions.JDBC_PASSWORD).orElse(null);
        if (store == Store.JDBC) {
            url = jdbc.required(
                    GlobalOptions.JDBC_URL, "the PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/cfaudit");
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new ConfigException(
                        jdbc.key("url"),
                        "'" + url.replaceAll("password=[^&]*", "password=******")
                                + "' is not a PostgreSQL JDBC URL; valid example: jdbc:postgresql://db:5432/cfaudit");
            }
            if (url.contains("password=")) {
                throw new ConfigException(
                        jdbc.key("url"),
                        "holds a password; put it in " + jdbc.key("password")
                                + " (or the environment variable CFAUDIT_STATE_JDBC_PASSWORD) instead");
            }
        } else {
            for (Option<?> key :
                    List.of(GlobalOptions.JDBC_URL, GlobalOptions.JDBC_USERNAME, GlobalOptions.JDBC_PASSWORD)) {
                if (jdbc.setKey(key).isPresent()) {
                    throw new ConfigException(
                            jdbc.setKey(key).get(),
                            "is only used with cfaudit.state.store=jdbc; set that too, " + "or remove this key");
                }
            }
        }
        ConfigProperties cluster = root.section("cluster");
        boolean enabled = cluster.bool(GlobalOptions.CLUSTER_ENABLED);
        if (enabled && store != Store.JDBC) {
            throw new ConfigException(
                    cluster.key("enabled"),
                    "requires cfaudit.state.store=jdbc (the nodes share "
                            + "checkpoints and Quartz's job store in PostgreSQL); valid: false, or set cfaudit.state.store=jdbc");
        }
        String nodeId = cluster.string(GlobalOptions.CLUSTER_NODE_ID, defaultNodeId());
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new ConfigException(
                    cluster.key("node-id"),
                    "'" + nodeId + "' is not valid; valid: 1 to 80 letters, "
                            + "digits, '.', '_' or '-', unique per node, e.g. node-a");
        }
        Duration checkIn = cluster.duration(GlobalOptions.CLUSTER_CHECK_IN_INTERVAL);
        return new ClusterConfig(store, url, username, password, enabled, nodeId, checkIn);
    }

    /** Host name and pid, e.g. {@code worker-3-4711}: unique on a host and across hosts with distinct names. */
    public static String defaultNodeId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "node";
            }
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-"
                + ManagementFactory.getRuntimeMXBean().getPid();
        return id.length() > 80 ? id.substring(id.length() - 80) : id;
    }
}
