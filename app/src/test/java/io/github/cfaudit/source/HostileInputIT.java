package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile pages and entries: each has a decided outcome, and none breaks a line, a path or the checkpoint. */
class HostileInputIT {
    @Harness
    AuditHarness h;

    Path out;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        out = h.fileSink("all", null);
    }

    private static String entry(String id, int second, String extraField) {
        return "{\"id\":\"" + id + "\",\"action\":{\"result\":\"success\",\"time\":\"" + DAY.plusSeconds(second)
                + "\",\"type\":\"update\"}," + extraField + "}";
    }

    @Test
    void hostileEntryContentIsWrittenExactlyAndSafely() throws Exception {
        List<String> hostile = List.of(
                entry("ctl", 1, "\"note\":\"tab\\t nl\\n cr\\r nul\\u0000 bell\\u0007\""),
                entry("quotes", 2, "\"note\":\"\\\"quoted\\\" ] [ } { \\\\ back\\\\slash\""),
                entry("rtl", 3, "\"note\":\"\u202Eevil\u202C \u200F\u0645\u0631\u062D\u0628\u0627\""),
                entry("surrogate", 4, "\"note\":\"lone \\ud800 and pair \\ud83d\\ude00 and \uD83D\uDE00\""),
                entry("../../../etc/passwd", 5, "\"note\":\"path\""),
                entry("a/b/c", 6, "\"note\":\"slashes\""),
                entry("%2e%2e%2f", 7, "\"note\":\"encoded\""),
                entry("big", 8, "\"note\":\"" + "x".repeat(1_048_576) + "\""));
        hostile.forEach(e -> h.sim.addAccountEntry(ACCOUNT, e));
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.lines(out)).containsExactlyElementsOf(hostile);
        AuditHarness.lines(out).forEach(AuditHarness::parse);
        try (Stream<Path> files = Files.walk(h.dir)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> h.dir.relativize(p).toString()))
                    .containsExactlyInAnyOrder("out-all/acct/2026/11/2026-11-20.ndjson", "state/acct.checkpoint.json");
        }
    }

    @Test
    void entriesWithoutIdOrTimeAreSkippedAndDuplicatesInAPageDeliveredOnce() {
        h.sim.addAccountEntry(ACCOUNT, Entries.audit("a", DAY.plusSeconds(1)));
        h.sim.addAccountEntry(ACCOUNT, Entries.audit("a", DAY.plusSeconds(1)));
        h.sim.addAccountEntry(ACCOUNT, Entries.audit("b", DAY.plusSeconds(2)));
        h.sim.addAccountEntry(ACCOUNT, "{\"id\":\"\",\"action\":{\"time\":\"" + DAY.plusSeconds(3) + "\"}}");
        h.sim.addAccountEntry(ACCOUNT, "{\"id\":42,\"action\":{\"time\":\"" + DAY.plusSeconds(4) + "\"}}");
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(AuditHarness.ids(out)).containsExactly("a", "b");
    }

    @Test
    void aFiftyMegabytePageIsHandled() {
        String filler = "y".repeat(1_000_000);
        for (int i = 0; i < 50; i++) {
            h.sim.addAccountEntry(
                    ACCOUNT, entry(String.format("huge-%02d", i), i, "\"resource\":{\"request\":\"" + filler + "\"}"));
        }
        h.set("cfaudit.api.timeout", "PT60S");
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(r.pages()).isEqualTo(1);
        assertThat(AuditHarness.ids(out)).hasSize(50).doesNotHaveDuplicates();
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isAfter(DAY.plus(Duration.ofHours(1)));
    }
}
