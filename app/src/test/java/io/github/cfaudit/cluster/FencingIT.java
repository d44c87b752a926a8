package io.github.cfaudit.cluster;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.CheckpointStore;
import io.github.cfaudit.state.JdbcCheckpointStore;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fenced overlap through the real routes: node A's run is frozen after its first page while node B runs the
 * source to the end; when A wakes up, its commit is refused, its run stops, it delivers nothing more, and the
 * checkpoint stays where B put it. Also {@code --once}-style runs with {@code cluster.enabled}, which use the same check.
 */
class FencingIT {
    @TempDir
    Path dir;

    AuditHarness h;
    Path out;
    List<String> ids;
    ClusterDatabase observerDb;

    @BeforeEach
    void setUp() {
        PostgresServer pg = PostgresServer.shared();
        h = new AuditHarness(dir);
        h.set("cfaudit.state.store", "jdbc");
        h.set("cfaudit.state.jdbc.url", pg.url(pg.newDatabase()));
        h.set("cfaudit.state.jdbc.username", "postgres");
        h.set("cfaudit.cluster.enabled", "true");
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.page-size", "10");
        ids = h.accountEntriesEveryMinute("e%02d", 50, DAY.plus(Duration.ofHours(1)));
        h.clock.set(DAY.plus(Duration.ofDays(1)));
        out = h.fileSink("all", null);
        observerDb = ClusterDatabase.open(
                io.github.cfaudit.config.AuditConfigParser.parse(h.properties(), java.util.Map.of())
                        .cluster(),
                2);
    }

    @AfterEach
    void tearDown() {
        observerDb.close();
        h.close();
    }

    private CloudflareAuditRoutes node(String id) {
        h.set("cfaudit.cluster.node-id", id);
        return h.routes();
    }

    private static List<RunSummary> runOnce(CloudflareAuditRoutes routes) {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(routes);
            context.start();
            return routes.runOnce(context);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNodeThatWakesUpAfterAnotherCommittedStopsWithoutDeliveringAnything() throws Exception {
        CloudflareAuditRoutes a = node("node-a");
        JdbcCheckpointStore real = a.cluster().checkpointStore();
        CountDownLatch frozen = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        // node A freezes just before committing its second page (its entries are fetched and routed already)
        a.withCheckpointStore(new CheckpointStore() {
            @Override
            public Optional<Checkpoint> load(String source) {
                return real.load(source);
            }

            @Override
            public void save(String source, Checkpoint checkpoint) {
                real.save(source, checkpoint);
            }

            @Override
            public Staged stage(String source, Checkpoint checkpoint) {
                if (commits.incrementAndGet() == 2) {
                    frozen.countDown();
                    try {
                        wake.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return real.stage(source, checkpoint);
            }
        });
        CompletableFuture<List<RunSummary>> runA = CompletableFuture.supplyAsync(() -> runOnce(a));
        assertThat(frozen.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids.subList(0, 10));

        // meanwhile node B runs the source to its end
        RunSummary b = runOnce(node("node-b")).get(0);
        assertThat(b.outcome()).isEqualTo(RunOutcome.COMPLETE);
        // read by another store: a load is the start of a run, which would give node A a new token
        JdbcCheckpointStore observer = new JdbcCheckpointStore(observerDb.dataSource(), "observer");
        Checkpoint afterB = observer.load("acct").orElseThrow();
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);

        wake.countDown();
        RunSummary stale = runA.get(30, TimeUnit.SECONDS).get(0);
        assertThat(stale.outcome()).isEqualTo(RunOutcome.INCOMPLETE);
        assertThat(stale.failure())
                .startsWith("source acct: another node (node-b) committed")
                .endsWith("; stopping");
        assertThat(stale.delivered()).isEqualTo(10);
        // nothing delivered after B's commit, and the checkpoint is B's
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
        assertThat(observer.load("acct")).contains(afterB);
        assertThat(observer.rows().get("acct").updatedBy()).isEqualTo("node-b");
    }

    @Test
    void onceRunsOnTwoNodesOneAfterTheOtherContinueFromEachOthersCheckpoint() {
        h.set("cfaudit.source.acct.max-pages", "2");
        RunSummary first = runOnce(node("node-a")).get(0);
        assertThat(first.outcome()).isEqualTo(RunOutcome.INCOMPLETE);
        assertThat(first.delivered()).isEqualTo(20);
        h.remove("cfaudit.source.acct.max-pages");
        RunSummary second = runOnce(node("node-b")).get(0);
        assertThat(second.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
    }
}
