package io.github.cfaudit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.cluster.ClusterDatabase;
import io.github.cfaudit.config.ClusterConfig;
import io.github.cfaudit.testing.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compare-and-set fencing of the database checkpoint store, against a real PostgreSQL. */
class JdbcCheckpointStoreIT {
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    private ClusterDatabase db;
    private JdbcCheckpointStore nodeA;
    private JdbcCheckpointStore nodeB;

    @BeforeEach
    void database() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        ClusterConfig config = new ClusterConfig(
                ClusterConfig.Store.JDBC,
                pg.url(pg.newDatabase()),
                "postgres",
                null,
                true,
                "test",
                Duration.ofSeconds(5));
        db = ClusterDatabase.open(config, 6);
        db.migrate();
        nodeA = new JdbcCheckpointStore(db.dataSource(), "node-a");
        nodeB = new JdbcCheckpointStore(db.dataSource(), "node-b");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Checkpoint at(int minutes, String... ids) {
        Instant w = T0.plus(Duration.ofMinutes(minutes));
        Map<String, Instant> recent = new java.util.LinkedHashMap<>();
        for (String id : ids) {
            recent.put(id, w.minusSeconds(1));
        }
        return new Checkpoint("/accounts/x/logs/audit", w, recent);
    }

    @Test
    void roundTripsACheckpointWithItsRecentIds() {
        assertThat(nodeA.load("s")).isEmpty();
        nodeA.save("s", at(5, "a", "b"));
        assertThat(nodeB.load("s")).contains(at(5, "a", "b"));
        assertThat(nodeA.rows().get("s").version()).isEqualTo(1);
        assertThat(nodeA.rows().get("s").updatedBy()).isEqualTo("node-a");
    }

    @Test
    void aCommitOnAStaleVersionIsRejectedAndLeavesTheOtherNodesCheckpoint() {
        nodeA.load("s");
        nodeB.load("s");
        nodeB.save("s", at(30, "b1"));

        assertThatThrownBy(() -> nodeA.stage("s", at(10, "a1")))
                .isInstanceOf(CheckpointFencedException.class)
                .hasMessageStartingWith("source s: another node (node-b) committed")
                .hasMessageEndingWith("since this run started at version 0; stopping");
        // nothing moved backwards, nothing of node A's
        assertThat(nodeB.load("s")).contains(at(30, "b1"));
        assertThat(nodeA.rows().get("s").version()).isEqualTo(1);
    }

    @Test
    void aStaleNodeCannotOverwriteANewerCheckpointEvenWithALaterWatermark() {
        nodeA.load("s");
        nodeA.save("s", at(1));
        nodeA.load("s");
        nodeB.load("s");
        nodeB.save("s", at(5));
        nodeB.save("s", at(6));
        assertThatThrownBy(() -> nodeA.save("s", at(100))).isInstanceOf(CheckpointFencedException.class);
        assertThat(nodeA.load("s")).contains(at(6));
        // after reading again, node A may continue from there
        nodeA.save("s", at(7));
        assertThat(nodeB.load("s")).contains(at(7));
    }

    @Test
    void theRowLockOrdersTwoCommitsAndTheSecondIsFenced() throws Exception {
        // node B's run lives on a thread of its own (a run's token belongs to its thread)
        var runB = java.util.concurrent.Executors.newSingleThreadExecutor();
        nodeA.load("s");
        CompletableFuture.runAsync(() -> nodeB.load("s"), runB).get(10, TimeUnit.SECONDS);
        CheckpointStore.Staged a = nodeA.stage("s", at(10));
        // node B's commit waits for node A's (which holds the row while its sinks flush) ...
        CompletableFuture<CheckpointStore.Staged> b =
                CompletableFuture.supplyAsync(() -> nodeB.stage("s", at(20)), runB);
        Thread.sleep(300);
        assertThat(b).isNotDone();
        a.publish();
        // ... and then finds node A's version: it is fenced before it could hand anything to a sink
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CheckpointFencedException.class);
        assertThat(nodeB.load("s")).contains(at(10));
        runB.shutdown();
    }

    @Test
    void theTokenBelongsToTheRunNotTheNode() throws Exception {
        // a node declared dead while frozen resumes its stale run, and Quartz starts a second run of the same source
        // on it: the second run's load must not refresh the stale run's token
        nodeA.load("s");
        CompletableFuture.runAsync(() -> {
                    nodeA.load("s");
                    nodeA.save("s", at(30));
                })
                .get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> nodeA.stage("s", at(10)))
                .isInstanceOf(CheckpointFencedException.class)
                .hasMessageContaining("another node (node-a)");
        assertThat(nodeB.load("s")).contains(at(30));
    }

    @Test
    void aCommitWithoutALoadOnItsThreadIsRefused() {
        assertThatThrownBy(() -> nodeA.save("s", at(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not load its checkpoint");
        assertThat(nodeB.load("s")).isEmpty();
    }

    @Test
    void aDiscardedCommitChangesNothing() {
        nodeA.load("s");
        nodeA.stage("s", at(10)).discard();
        assertThat(nodeB.load("s")).isEmpty();
        nodeA.save("s", at(11));
        assertThat(nodeB.load("s")).contains(at(11));
    }

    @Test
    void importRefusesToOverwriteANewerCheckpointUnlessTold() {
        nodeB.load("s");
        nodeB.save("s", at(30));
        assertThat(nodeA.importCheckpoint("s", at(10), false)).startsWith("kept");
        assertThat(nodeA.load("s")).contains(at(30));
        assertThat(nodeA.importCheckpoint("s", at(10), true)).startsWith("imported");
        assertThat(nodeA.load("s")).contains(at(10));
        assertThat(nodeA.importCheckpoint("t", at(10), false)).startsWith("imported");
    }

    @Test
    void severalNodesMigratingAtOnceCreateTheSchemaOnce() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String name = pg.newDatabase();
        ClusterConfig config = new ClusterConfig(
                ClusterConfig.Store.JDBC, pg.url(name), "postgres", null, true, "t", Duration.ofSeconds(5));
        var dbs = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> ClusterDatabase.open(config, 2))
                .toList();
        try {
            var all = dbs.stream()
                    .map(d -> CompletableFuture.runAsync(() -> {
                        try {
                            d.migrate();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(all).get(60, TimeUnit.SECONDS);
            try (var c = pg.connect(name);
                    var st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM cfaudit_schema")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            dbs.forEach(ClusterDatabase::close);
        }
    }
}
