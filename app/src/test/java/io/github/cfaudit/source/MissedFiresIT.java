package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * A run longer than several schedule periods (single node, the application's Quartz trigger): the fires missed
 * meanwhile are not caught up in a burst of runs back to back; the source runs again on the schedule.
 */
class MissedFiresIT {
    @Harness
    AuditHarness h;

    /** The first request of each run: the one without a cursor. */
    private List<Instant> runStarts() {
        return h.sim.requests().stream()
                .filter(r -> r.param("cursor") == null)
                .map(RecordedRequest::receivedAt)
                .sorted()
                .toList();
    }

    @Test
    void aRunLongerThanSeveralPeriodsIsNotFollowedByABurstOfRuns() throws Exception {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.page-size", "10");
        h.set("cfaudit.source.acct.schedule", "* * * * * ?");
        Path out = h.fileSink("all", null);
        List<String> expected = h.accountEntriesEveryMinute("e%02d", 60, DAY);
        // every page takes 0.8 s: the first run (6 pages and more) lasts about 5 schedule periods
        h.sim.setResponseDelay(Duration.ofMillis(800));
        CloudflareAuditRoutes routes = CloudflareAuditRoutes.of(AuditConfigParser.parse(h.properties(), Map.of()))
                .withClock(h.clock);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(routes);
            context.start();
            // the slow run is on its last pages: later requests are answered at once, so a burst would show
            await().atMost(Duration.ofSeconds(30)).until(() -> h.sim.requests().size() >= 5);
            h.sim.setResponseDelay(Duration.ZERO);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> AuditHarness.idsSoFar(out).size() == expected.size());
            Instant slowRunEnd = Instant.now();
            // watch the schedule for 3 periods after the slow run
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> runStarts().stream().anyMatch(t -> t.isAfter(slowRunEnd.plusSeconds(3))));
        }
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);

        List<Instant> starts = runStarts();
        assertThat(starts.size()).isGreaterThan(2);
        List<Long> gapsMillis = new ArrayList<>();
        for (int i = 1; i < starts.size(); i++) {
            gapsMillis.add(Duration.between(starts.get(i - 1), starts.get(i)).toMillis());
        }
        // one fire per second: no two runs start closer than half a period (a burst starts them ms apart)
        assertThat(gapsMillis)
                .as("ms between run starts")
                .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(500));
    }
}
