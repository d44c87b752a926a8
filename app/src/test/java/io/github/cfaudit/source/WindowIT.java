package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.NOON;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query window: settle, lookback, and dropping what was already delivered. */
class WindowIT {
    @Harness
    AuditHarness h;

    Path out;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.settle", "PT1M");
        h.set("cfaudit.source.acct.lookback", "PT10M");
        out = h.fileSink("all", null);
    }

    private void add(String id, Instant time) {
        h.sim.addAccountEntry(ACCOUNT, Entries.audit(id, time));
    }

    @Test
    void theWindowEndsSettleBeforeNowAndStartsAtTheConfiguredStart() {
        add("old", NOON.minus(Duration.ofHours(2)));
        add("settling", NOON.minusSeconds(30));
        h.runOnceSingle();
        RecordedRequest r = h.sim.requests().get(0);
        assertThat(r.param("since")).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(r.param("before")).isEqualTo("2026-11-20T11:59:00Z");
        assertThat(AuditHarness.ids(out)).containsExactly("old");
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(NOON.minus(Duration.ofMinutes(1)));

        // a minute later the settling entry is inside the window and goes out once
        h.clock.advance(Duration.ofMinutes(1));
        h.runOnceSingle();
        assertThat(AuditHarness.ids(out)).containsExactly("old", "settling");
        assertThat(h.sim.requests().get(1).param("since")).isEqualTo("2026-11-20T11:49:00Z");
    }

    @Test
    void aRerunWithNoNewDataWritesNothing() throws Exception {
        for (int i = 0; i < 20; i++) {
            add("e" + i, NOON.minus(Duration.ofMinutes(9)).plusSeconds(i));
        }
        RunSummary first = h.runOnceSingle();
        assertThat(first.delivered()).isEqualTo(20);
        String before = String.join("\n", AuditHarness.lines(out));
        h.clock.advance(Duration.ofSeconds(30));
        RunSummary second = h.runOnceSingle();
        assertThat(second.delivered()).isZero();
        assertThat(second.duplicates()).isEqualTo(20);
        assertThat(String.join("\n", AuditHarness.lines(out))).isEqualTo(before);
    }

    @Test
    void aLateArrivalInsideTheLookbackIsDeliveredOnce() {
        add("a", NOON.minus(Duration.ofMinutes(20)));
        add("b", NOON.minus(Duration.ofMinutes(5)));
        h.runOnceSingle();
        // an entry from 4 minutes before the watermark shows up only now
        add("late", NOON.minus(Duration.ofMinutes(5)).plusSeconds(10));
        h.clock.advance(Duration.ofMinutes(2));
        h.runOnceSingle();
        h.clock.advance(Duration.ofMinutes(2));
        h.runOnceSingle();
        assertThat(AuditHarness.ids(out)).containsExactly("a", "b", "late");
    }

    @Test
    void aWatermarkInsideASecondDoesNotRedeliverTheStartOfThatSecond() {
        // the window starts at whole seconds: the checkpoint must keep every id from that rounded-down instant
        h.set("cfaudit.source.acct.lookback", "PT0S");
        h.set("cfaudit.source.acct.page-size", "10");
        h.set("cfaudit.source.acct.max-pages", "2");
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = String.format("e%02d", i);
            add(id, AuditHarness.DAY.plusMillis(100L * i));
            expected.add(id);
        }
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.INCOMPLETE);
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(AuditHarness.DAY.plusMillis(1900));
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void theCheckpointKeepsOnlyIdsInsideTheLookback() {
        add("far", NOON.minus(Duration.ofMinutes(40)));
        add("near", NOON.minus(Duration.ofMinutes(3)));
        h.runOnceSingle();
        assertThat(h.checkpoint("acct").orElseThrow().recentIds()).containsOnlyKeys("near");
    }

    @Test
    void aCheckpointOfAnotherEndpointIsNotSilentlyReused() {
        add("a", NOON.minus(Duration.ofMinutes(20)));
        h.runOnceSingle();
        h.set("cfaudit.source.acct.account-id", "ffffffffffffffffffffffffffffffff");
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.failure())
                .contains("belongs to /accounts/" + ACCOUNT + "/logs/audit")
                .contains("new source name");
    }
}
