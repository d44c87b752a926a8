package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.NOON;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.LogCapture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arrival lag and late arrivals, as the Prometheus endpoint shows them: entries the simulator makes visible only
 * after the run that covered their event time, read under a controlled clock so every lag is exact.
 */
class ArrivalLagIT {
    @Harness
    AuditHarness h;

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Path out;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.settle", "PT1M");
        h.set("cfaudit.source.acct.lookback", "PT10M");
        out = h.fileSink("all", null);
        // the registry the application's /observe/metrics serves is the one found in the Camel registry
        h.withContext(context -> context.getRegistry().bind("prometheus", registry));
    }

    private void add(String id, Instant time) {
        h.sim.addAccountEntry(ACCOUNT, Entries.audit(id, time));
    }

    private String metric(String name) {
        return registry.scrape()
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void lagIsCountedForEveryNewEntryAndLateArrivalsWithHowFarBehindTheyWere() {
        try (LogCapture log = LogCapture.of(RunReport.class)) {
            // run 1 at noon, no checkpoint: nothing is late; the watermark ends at noon - settle
            add("a", NOON.minus(Duration.ofMinutes(20)));
            add("b", NOON.minus(Duration.ofMinutes(5)));
            h.runOnceSingle();
            assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(NOON.minus(Duration.ofMinutes(1)));

            // run 2 at 12:02: an entry from 11:55:10 shows up only now, 3m50s behind the watermark (11:59)
            add("late", NOON.minus(Duration.ofMinutes(5)).plusSeconds(10));
            h.clock.advance(Duration.ofMinutes(2));
            h.runOnceSingle();
            assertThat(log.count("late arrival"))
                    .as("well inside the lookback: no warning")
                    .isZero();

            // run 3 at 12:04, watermark 12:01: one entry 9 minutes behind it (caught with 1 minute to spare), one
            // 13 minutes behind (beyond the lookback: never read, never counted: the reason for the warning)
            add("close", NOON.minus(Duration.ofMinutes(8)));
            add("missed", NOON.minus(Duration.ofMinutes(12)));
            h.clock.advance(Duration.ofMinutes(2));
            h.runOnceSingle();

            assertThat(AuditHarness.ids(out)).containsExactly("a", "b", "late", "close");
            assertThat(log.count("late arrival")).isEqualTo(1);
            assertThat(log.messages())
                    .filteredOn(m -> m.contains("late arrival"))
                    .singleElement()
                    .asString()
                    .contains(
                            "source acct: 1 late arrival(s) came within a quarter of the lookback (PT10M) of being "
                                    + "missed, of 1 late this run",
                            "the worst, entry close with event time 2026-11-20T11:52:00Z, was PT9M behind the "
                                    + "watermark 2026-11-20T12:01:00Z",
                            "raise cfaudit.source.acct.lookback");
        }

        // lags: a 1200 s, b 300 s, late 410 s, close 720 s
        String lag = metric("cfaudit_entry_arrival_lag_seconds_count")
                + metric("cfaudit_entry_arrival_lag_seconds_sum")
                + metric("cfaudit_entry_arrival_lag_seconds_bucket");
        assertThat(lag)
                .contains("cfaudit_entry_arrival_lag_seconds_count{source=\"acct\"} 4")
                .contains("cfaudit_entry_arrival_lag_seconds_sum{source=\"acct\"} 2630.0")
                .contains("cfaudit_entry_arrival_lag_seconds_bucket{source=\"acct\",le=\"120.0\"} 0")
                .contains("cfaudit_entry_arrival_lag_seconds_bucket{source=\"acct\",le=\"300.0\"} 1")
                .contains("cfaudit_entry_arrival_lag_seconds_bucket{source=\"acct\",le=\"600.0\"} 2")
                .contains("cfaudit_entry_arrival_lag_seconds_bucket{source=\"acct\",le=\"900.0\"} 3")
                .contains("cfaudit_entry_arrival_lag_seconds_bucket{source=\"acct\",le=\"1800.0\"} 4");
        // late: 230 s and 540 s behind the watermark of their run
        assertThat(metric("cfaudit_late_arrivals_total")).contains("cfaudit_late_arrivals_total{source=\"acct\"} 2.0");
        assertThat(metric("cfaudit_late_arrival_behind_seconds_count")
                        + metric("cfaudit_late_arrival_behind_seconds_sum")
                        + metric("cfaudit_late_arrival_behind_seconds_bucket"))
                .contains("cfaudit_late_arrival_behind_seconds_count{source=\"acct\"} 2")
                .contains("cfaudit_late_arrival_behind_seconds_sum{source=\"acct\"} 770.0")
                .contains("cfaudit_late_arrival_behind_seconds_bucket{source=\"acct\",le=\"300.0\"} 1")
                .contains("cfaudit_late_arrival_behind_seconds_bucket{source=\"acct\",le=\"600.0\"} 2");
    }

    @Test
    void aRunThatReadsItsLookbackAgainCountsNothingTwice() {
        add("a", NOON.minus(Duration.ofMinutes(5)));
        h.runOnceSingle();
        h.clock.advance(Duration.ofSeconds(30));
        h.runOnceSingle();
        h.clock.advance(Duration.ofSeconds(30));
        h.runOnceSingle();
        assertThat(metric("cfaudit_entry_arrival_lag_seconds_count"))
                .contains("cfaudit_entry_arrival_lag_seconds_count{source=\"acct\"} 1");
        assertThat(metric("cfaudit_late_arrivals_total")).isEmpty();
    }
}
