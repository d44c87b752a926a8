package io.github.cfaudit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.testing.PostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node whose sources or sinks differ from the cluster's refuses to start while another node is alive. */
class ClusterConsistencyIT {
    private ClusterDatabase db;
    private String url;

    @BeforeEach
    void database() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        url = pg.url(pg.newDatabase());
        db = ClusterDatabase.open(config("node-a", "/data/out").cluster(), 2);
        db.migrate();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private AuditConfig config(String node, String sinkDirectory) {
        return config(node, sinkDirectory, Map.of());
    }

    private AuditConfig config(String node, String sinkDirectory, Map<String, String> more) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cfaudit.api.token", "secret-token-123");
        p.put("cfaudit.source.acme.type", "account");
        p.put("cfaudit.source.acme.account-id", "023e105f4ecef8ad9ca31a8372d0c353");
        p.put("cfaudit.sink.all.type", "file");
        p.put("cfaudit.sink.all.directory", sinkDirectory);
        p.put("cfaudit.state.store", "jdbc");
        p.put("cfaudit.state.jdbc.url", url);
        p.put("cfaudit.state.jdbc.username", "postgres");
        p.put("cfaudit.cluster.enabled", "true");
        p.put("cfaudit.cluster.node-id", node);
        p.putAll(more);
        return AuditConfigParser.parse(p, Map.of());
    }

    /** What Quartz writes for a live node: its last check-in, now. */
    private void alive(String node) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, "
                    + "checkin_interval) VALUES ('cfaudit', '" + node + "', " + System.currentTimeMillis() + ", 5000)");
        }
    }

    @Test
    void theSameConfigurationOnEveryNodeIsAccepted() throws Exception {
        verify(db.dataSource(), config("node-a", "/data/out"), "node-a");
        alive("node-a");
        verify(db.dataSource(), config("node-b", "/data/out"), "node-b");
    }

    @Test
    void aDifferentSinkWhileAnotherNodeRunsIsRefusedNamingTheDifference() throws Exception {
        verify(db.dataSource(), config("node-a", "/data/out"), "node-a");
        alive("node-a");
        assertThatThrownBy(() -> verify(db.dataSource(), config("node-b", "/data/elsewhere"), "node-b"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("this node's configuration differs from the cluster's")
                .hasMessageContaining("nodes alive: node-a")
                .hasMessageContaining("sink all has different settings")
                .hasMessageNotContaining("secret-token-123");
    }

    @Test
    void aConnectionWithAnotherBudgetIsRefusedButARotatedTokenIsNot() throws Exception {
        Map<String, String> tenant = Map.of(
                "cfaudit.connection.tenant.token",
                "tenant-token-1",
                "cfaudit.connection.tenant.rate-limit",
                "600/PT5M",
                "cfaudit.source.other.type",
                "account",
                "cfaudit.source.other.account-id",
                "b".repeat(32),
                "cfaudit.source.other.connection",
                "tenant");
        verify(db.dataSource(), config("node-a", "/data/out", tenant), "node-a");
        alive("node-a");
        Map<String, String> rotated = new LinkedHashMap<>(tenant);
        rotated.put("cfaudit.connection.tenant.token", "tenant-token-2");
        verify(db.dataSource(), config("node-b", "/data/out", rotated), "node-b");
        Map<String, String> halved = new LinkedHashMap<>(tenant);
        halved.put("cfaudit.connection.tenant.rate-limit", "300/PT5M");
        assertThatThrownBy(() -> verify(db.dataSource(), config("node-c", "/data/out", halved), "node-c"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("connection tenant has different settings")
                .hasMessageNotContaining("tenant-token");
    }

    @Test
    void withNoOtherNodeAliveTheNewConfigurationIsRecorded() throws Exception {
        verify(db.dataSource(), config("node-a", "/data/out"), "node-a");
        // everything stopped, restarted with the new configuration: accepted, then it is the cluster's
        verify(db.dataSource(), config("node-b", "/data/elsewhere"), "node-b");
        alive("node-b");
        assertThatThrownBy(() -> verify(db.dataSource(), config("node-c", "/data/out"), "node-c"))
                .hasMessageContaining("sink all has different settings");
        assertThat(ClusterConsistency.differences(Map.of("source x", "1"), Map.of("source y", "1")))
                .containsExactly("source y is only on this node", "source x is missing on this node");
    }

    @Test
    void aNodeIdThatIsAliveIsRefused() throws Exception {
        verify(db.dataSource(), config("node-a", "/data/out"), "node-a");
        alive("node-a");
        assertThatThrownBy(() -> verify(db.dataSource(), config("node-a", "/data/out"), "node-a"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.cluster.node-id: 'node-a' is the id of a node that is alive");
        // --once and --check beside the running node, with its configuration file, do not join Quartz's cluster
        verify(db.dataSource(), config("node-a", "/data/out"), "node-a", false);
    }

    private static void verify(javax.sql.DataSource dataSource, AuditConfig config, String nodeId) throws Exception {
        ClusterConsistency.verify(dataSource, config.fingerprints(), nodeId);
    }

    private static void verify(javax.sql.DataSource dataSource, AuditConfig config, String nodeId, boolean joins)
            throws Exception {
        ClusterConsistency.verify(dataSource, config.fingerprints(), nodeId, joins);
    }
}
