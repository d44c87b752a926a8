package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CursorPlacement;
import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The paging rule of the audit-log APIs, over real HTTP against the simulator. */
class PagingIT {
    @Harness
    AuditHarness h;

    Path out;
    final List<String> expected = new ArrayList<>();

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.page-size", "10");
        out = h.fileSink("all", null);
        expected.addAll(h.accountEntriesEveryMinute("e%03d", 95, DAY));
    }

    @ParameterizedTest
    @EnumSource(CursorPlacement.class)
    void followsTheCursorWhereverTheApiPutsIt(CursorPlacement placement) {
        h.sim.setCursorPlacement(placement);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(r.pages()).isEqualTo(10);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void resendsEveryParameterWithTheCursor() {
        h.set("cfaudit.source.acct.filter.action_type.not", "view");
        h.runOnceSingle();
        List<RecordedRequest> requests = h.sim.requests();
        RecordedRequest first = requests.get(0);
        assertThat(first.param("cursor")).isNull();
        for (RecordedRequest r : requests.subList(1, requests.size())) {
            assertThat(r.param("cursor")).isNotBlank();
            for (String p : List.of("since", "before", "direction", "limit", "action_type.not")) {
                assertThat(r.params(p)).as(p).isEqualTo(first.params(p));
            }
        }
        assertThat(first.param("direction")).isEqualTo("asc");
        assertThat(first.param("limit")).isEqualTo("10");
    }

    @Test
    void aServerCapBelowThePageSizeDoesNotStopPagingEarly() {
        h.set("cfaudit.source.acct.page-size", "1000");
        h.sim.setMaxPageSize(7);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(r.pages()).isEqualTo(14);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void stopsOnAnEmptyPageEvenWhenItCarriesACursor() {
        h.sim.setTrailingEmptyPage(true);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(r.pages()).isEqualTo(11);
        assertThat(h.sim.requests()).hasSize(11);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void aRepeatedCursorEndsTheRunWithoutLosingWhatFollows() {
        h.sim.setRepeatCursor(true);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.INCOMPLETE);
        assertThat(h.sim.requests()).hasSizeLessThanOrEqualTo(3);
        Instant watermark = h.checkpoint("acct").orElseThrow().watermark();
        assertThat(watermark).isBefore(AuditHarness.NOON);
        // the API behaves again: the next run continues from the watermark and nothing is lost or doubled
        h.sim.setRepeatCursor(false);
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void thePageCapStopsARunawayCursorAndTheNextRunContinues() {
        h.set("cfaudit.source.acct.max-pages", "4");
        RunSummary first = h.runOnceSingle();
        assertThat(first.outcome()).isEqualTo(RunOutcome.INCOMPLETE);
        assertThat(first.pages()).isEqualTo(4);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected.subList(0, 40));
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(DAY.plus(Duration.ofMinutes(39)));
        h.runOnceSingle();
        h.runOnceSingle();
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void anEndlessCursorIsCutByThePageCap() {
        h.set("cfaudit.source.acct.max-pages", "25");
        h.sim.setEndlessCursor(true);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.INCOMPLETE);
        assertThat(h.sim.requests()).hasSize(25);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }
}
