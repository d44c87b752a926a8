package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.NOON;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pages that hand back entries the run already delivered, or entries outside the window it asked for (an API whose
 * pages overlap, a mock server that serves its example on every page): each id reaches every sink once per run, and
 * nothing outside the window is delivered.
 */
class RepeatedEntriesIT {
    @Harness
    AuditHarness h;

    Path file;
    final List<String> stream = new CopyOnWriteArrayList<>();
    final List<String> expected = new ArrayList<>();

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.page-size", "10");
        h.set("cfaudit.source.acct.lookback", "PT5M");
        file = h.fileSink("all", null);
        h.set("cfaudit.sink.stream.type", "endpoint");
        h.set("cfaudit.sink.stream.uri", "direct:stream");
        h.withRoute("direct:stream", e -> stream.add(e.getMessage().getHeader("CloudflareAuditEntryId", String.class)));
        // 95 entries a minute apart: the first page's are more than an hour behind the last page's
        expected.addAll(h.accountEntriesEveryMinute("e%03d", 95, DAY));
    }

    @Test
    void entriesOfAnEarlierPageHandedBackAgainReachEverySinkOnce() {
        h.sim.setRepeatEarlierEntries(3);
        RunSummary r = h.runOnceSingle();

        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(stream).containsExactlyElementsOf(expected);
        assertThat(AuditHarness.ids(file)).containsExactlyElementsOf(expected);
        assertThat(r.delivered()).isEqualTo(95);
        assertThat(r.duplicates()).isEqualTo(9 * 3L);
    }

    @Test
    void entriesOutsideTheWindowAreNotDeliveredAndSaidOnceARun() {
        h.sim.addAccountEntry(ACCOUNT, Entries.audit("before-start", DAY.minus(Duration.ofHours(1))));
        h.sim.addAccountEntry(ACCOUNT, Entries.audit("after-now", NOON.plus(Duration.ofDays(3))));
        h.sim.setEntriesOutsideWindow(true);
        RunSummary r;
        try (LogCapture log = LogCapture.of(RunReport.class)) {
            r = h.runOnceSingle();
            assertThat(log.count("entries outside [" + DAY + ", " + NOON + ") skipped"))
                    .isEqualTo(1);
            assertThat(log.all()).contains("source acct: 20 entries outside");
        }

        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(stream).containsExactlyElementsOf(expected);
        assertThat(AuditHarness.ids(file)).containsExactlyElementsOf(expected);
        // an entry dated three days ahead did not carry the watermark past what has not been read yet
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(NOON);
    }
}
