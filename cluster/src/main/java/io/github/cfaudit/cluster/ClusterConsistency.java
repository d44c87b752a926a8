package io.github.cfaudit.cluster;

import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.SourceConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node of a cluster must deliver the same way: the database records a fingerprint of each source, each sink
 * and the API settings (table {@code cfaudit_cluster_config}), and a node whose configuration differs refuses to start
 * while another node is alive, naming the difference. With no other node alive (all stopped for the change), the
 * starting node records its configuration as the cluster's. Fingerprints are SHA-256 of the validated settings, whose
 * secrets print as {@code ******}: a rotated credential is not a difference, and no secret reaches the table.
 */
public final class ClusterConsistency {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConsistency.class);
    private static final long LOCK = 0x63666175646975L;

    private ClusterConsistency() {}

    /** Item name to fingerprint, e.g. {@code source acme} to a hex digest. */
    public static Map<String, String> fingerprints(
            List<SourceConfig> sources, Map<String, String> sinks, Map<String, ConnectionConfig> connections) {
        Map<String, String> items = new TreeMap<>();
        for (SourceConfig s : sources) {
            items.put("source " + s.name(), sha256(s.toString()));
        }
        // a sink by its settings' description (name to description)
        sinks.forEach((name, description) -> items.put("sink " + name, sha256(description)));
        // where each connection polls and its budget; not its credentials (a token may be rotated node by node)
        connections.forEach((name, c) -> items.put(
                "connection " + name, sha256(c.api().baseUrl() + " " + c.api().rateLimit())));
        return items;
    }

    /**
     * Compares this node's configuration with the cluster's and records it when no other node is alive.
     *
     * @throws ConfigException naming each difference, when another node is alive with a different configuration
     */
    public static void verify(DataSource dataSource, Map<String, String> fingerprints, String nodeId)
            throws SQLException {
        verify(dataSource, fingerprints, nodeId, true);
    }

    /**
     * @param joinsScheduler this node is about to join Quartz's cluster, whose instance ids must be unique; {@code
     *                       --once} and {@code --check} do not join it and may share the id of a running node
     */
    public static void verify(
            DataSource dataSource, Map<String, String> fingerprints, String nodeId, boolean joinsScheduler)
            throws SQLException {
        Map<String, String> mine = fingerprints;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            }
            if (joinsScheduler && liveNodes(c).contains(nodeId)) {
                c.rollback();
                throw new ConfigException(
                        "cfaudit.cluster.node-id",
                        "'" + nodeId + "' is the id of a node that is alive "
                                + "(it checked in moments ago): every node needs its own id. If that node was this one, just "
                                + "stopped, start again in a few seconds, once its last check-in has expired");
            }
            Map<String, String> recorded = new TreeMap<>();
            String recordedBy = null;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT item, fingerprint, recorded_by, recorded_at FROM cfaudit_cluster_config")) {
                while (rs.next()) {
                    recorded.put(rs.getString(1), rs.getString(2));
                    recordedBy = rs.getString(3) + " at " + rs.getTimestamp(4).toInstant();
                }
            }
            List<String> differences = differences(recorded, mine);
            if (!recorded.isEmpty() && !differences.isEmpty()) {
                List<String> alive =
                        liveNodes(c).stream().filter(n -> !n.equals(nodeId)).toList();
                if (!alive.isEmpty()) {
                    c.rollback();
                    throw new ConfigException(
                            "cfaudit.cluster.enabled",
                            "this node's configuration differs from the "
                                    + "cluster's (recorded by " + recordedBy + ", nodes alive: "
                                    + String.join(", ", alive)
                                    + "): " + String.join("; ", differences)
                                    + ". Every node must read the same sources, sinks "
                                    + "and API settings: roll a change out by stopping every node, then starting them with the "
                                    + "new configuration");
                }
                LOG.warn(
                        "cluster: the configuration changed ({}); no other node is alive, so this node records it "
                                + "as the cluster's",
                        String.join("; ", differences));
            }
            if (recorded.isEmpty() || !differences.isEmpty()) {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM cfaudit_cluster_config");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cfaudit_cluster_config "
                        + "(item, fingerprint, recorded_by, recorded_at) VALUES (?, ?, ?, now())")) {
                    for (Map.Entry<String, String> e : mine.entrySet()) {
                        ps.setString(1, e.getKey());
                        ps.setString(2, e.getValue());
                        ps.setString(3, nodeId);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
        }
    }

    static List<String> differences(Map<String, String> recorded, Map<String, String> mine) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : mine.entrySet()) {
            String other = recorded.get(e.getKey());
            if (other == null) {
                out.add(e.getKey() + " is only on this node");
            } else if (!other.equals(e.getValue())) {
                out.add(e.getKey() + " has different settings");
            }
        }
        for (String item : recorded.keySet()) {
            if (!mine.containsKey(item)) {
                out.add(item + " is missing on this node");
            }
        }
        return out;
    }

    /**
     * The nodes Quartz would not yet declare dead: their last check-in is within 2 x their interval + 7.5 s (by the
     * database's clock; Quartz's own rule, see docs/operations.md).
     */
    private static List<String> liveNodes(Connection c) throws SQLException {
        List<String> alive = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT instance_name FROM qrtz_scheduler_state "
                + "WHERE sched_name = '" + ClusterMode.SCHEDULER_NAME + "' AND last_checkin_time > "
                + "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint - 2 * checkin_interval - 7500 ORDER BY 1")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alive.add(rs.getString(1));
                }
            }
        }
        return alive;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
