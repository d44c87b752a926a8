package io.github.cfaudit.cluster;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database goes away under a running node (scheduled by Quartz, every second) and comes back: while it is down the
 * state store's health check is DOWN and nothing is delivered (no checkpoint could follow it); once it is back the
 * node resumes by itself and delivers what arrived meanwhile, once. On one node with a database store (Quartz in
 * memory) the runs that fire meanwhile fail with a message saying the state store cannot be read.
 */
class DatabaseDownIT {
    @TempDir
    Path dir;

    AuditHarness h;

    @AfterEach
    void tearDown() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        try (var c = pg.connect("postgres")) {
            // running
        } catch (java.sql.SQLException down) {
            pg.start();
        }
        h.close();
    }

    @ParameterizedTest(name = "cluster.enabled={0}")
    @ValueSource(booleans = {true, false})
    void theNodeWaitsForTheDatabaseAndResumesByItself(boolean clustered) throws Exception {
        PostgresServer pg = PostgresServer.shared();
        h = new AuditHarness(dir);
        h.set("cfaudit.state.store", "jdbc");
        h.set("cfaudit.state.jdbc.url", pg.url(pg.newDatabase()));
        h.set("cfaudit.state.jdbc.username", "postgres");
        h.set("cfaudit.cluster.enabled", Boolean.toString(clustered));
        h.set("cfaudit.cluster.node-id", "node-a");
        h.set("cfaudit.cluster.check-in-interval", "PT1S");
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.start", "PT2H");
        h.set("cfaudit.source.acct.schedule", "* * * * * ?");
        h.set("cfaudit.api.max-retries", "0");
        Path out = h.fileSink("all", null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        h.accountEntriesEveryMinute("old%02d", 20, now.minus(Duration.ofMinutes(50)));

        CloudflareAuditRoutes routes = CloudflareAuditRoutes.of(AuditConfigParser.parse(h.properties(), Map.of()));
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(routes);
            context.start();
            HealthCheck store = HealthCheckRegistry.get(context)
                    .getCheck("cfaudit-state-store")
                    .orElseThrow();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> AuditHarness.idsSoFar(out).size() == 20);
            assertThat(store.call().getState()).isEqualTo(HealthCheck.State.UP);

            pg.stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> store.call().getState() == HealthCheck.State.DOWN);
            assertThat(store.call().getMessage().orElse("")).contains("state store: cannot");
            h.sim.addAccountEntry(ACCOUNT, Entries.audit("new1", Instant.now().minusSeconds(5)));
            // nothing is delivered while no checkpoint can be written
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> AuditHarness.idsSoFar(out).size() == 20);
            if (!clustered) {
                // a run waits up to the pool's 5 s connection timeout before it fails
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> String.valueOf(
                                        routes.operations().source("acct").lastError())
                                .contains("state store: cannot read the checkpoint"));
            }

            pg.start();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> AuditHarness.idsSoFar(out).contains("new1"));
            assertThat(AuditHarness.ids(out)).hasSize(21).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(20)).until(() -> store.call().getState() == HealthCheck.State.UP);
        }
    }
}
