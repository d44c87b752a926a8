package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A window longer than a slice is paged by parallel cursor chains, one slice each, and delivered exactly as one chain
 * delivers it: in event-time order, each entry once, the watermark page by page; a slice that fails ends the run at
 * that slice, with everything before it committed.
 */
class BackfillIT {
    private static final int DAYS = 10;
    /** An entry every 30 minutes: 48 a day, 5 pages of 10 a slice. */
    private static final int ENTRIES = DAYS * 48;

    @Harness
    AuditHarness h;

    List<String> expected;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", AuditHarness.ACCOUNT);
        h.set("cfaudit.source.acct.page-size", "10");
        h.set("cfaudit.source.acct.backfill-parallelism", "4");
        expected = h.accountEntriesEvery("b%04d", ENTRIES, DAY, Duration.ofMinutes(30));
        h.clock.set(DAY.plus(Duration.ofDays(DAYS)));
        h.sim.setResponseDelay(Duration.ofMillis(20));
    }

    @Test
    void aLongWindowIsPagedBySlicesInParallelAndDeliveredInEventTimeOrder() {
        List<String> received = endpointSink();
        Path out = h.fileSink("all", null);

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).as(run.toString()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(DAY.plus(Duration.ofDays(DAYS)));
        List<RecordedRequest> requests = h.sim.requests();
        // one query per day, each with the window narrowed to its day; 5 full pages and an empty end each... or not:
        // the simulator gives no cursor after the last full page, so 5 requests a slice
        assertThat(requests.stream().map(r -> r.param("since")).distinct()).hasSize(DAYS);
        assertThat(requests).hasSize(DAYS * 5);
        for (RecordedRequest r : requests) {
            Instant since = Instant.parse(r.param("since"));
            assertThat(Instant.parse(r.param("before"))).isEqualTo(since.plus(Duration.ofDays(1)));
        }
        // the chains ran at once: slice 2 was asked for before slice 1 was read to its end
        int firstOfSlice2 = indexOf(requests, DAY.plus(Duration.ofDays(1)), true);
        int lastOfSlice1 = indexOf(requests, DAY, false);
        assertThat(firstOfSlice2).isLessThan(lastOfSlice1);
    }

    @Test
    void withParallelismOneALongWindowIsPagedByOneChainAsBefore() {
        h.set("cfaudit.source.acct.backfill-parallelism", "1");
        List<String> received = endpointSink();

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).as(run.toString()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(h.sim.requests().stream().map(r -> r.param("since")).distinct())
                .containsExactly(DAY.toString());
    }

    @Test
    void aWindowOfOneSliceOrLessIsPagedByOneChain() {
        h.clock.set(DAY.plus(Duration.ofDays(1)));
        List<String> received = endpointSink();

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).as(run.toString()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactlyElementsOf(expected.subList(0, 48));
        assertThat(h.sim.requests().stream().map(r -> r.param("since")).distinct())
                .containsExactly(DAY.toString());
    }

    @Test
    void aSliceThatFailsEndsTheRunThereAndTheNextRunGoesOnFromThere() {
        h.set("cfaudit.api.max-retries", "1");
        Path out = h.fileSink("all", null);
        Instant slice4 = DAY.plus(Duration.ofDays(3));
        // page 3 of slice 4 fails however often it is asked for; the slices after it are paged meanwhile
        h.sim.failWhen(
                r -> slice4.toString().equals(r.param("since")) && isPage3(r),
                Integer.MAX_VALUE,
                503,
                "text/html",
                "<html>down</html>");

        RunSummary failed = h.runOnceSingle();

        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        // slices 1 to 3 and the two pages of slice 4 before the failure: delivered, committed, in order
        List<String> before = expected.subList(0, 3 * 48 + 20);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(before);
        assertThat(failed.delivered()).isEqualTo(before.size());
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(slice4.plus(Duration.ofMinutes(30 * 19)));

        h.sim.reset();
        RunSummary next = h.runOnceSingle();

        assertThat(next.outcome()).as(next.toString()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(DAY.plus(Duration.ofDays(DAYS)));
    }

    @Test
    void aRejectedCursorStartsItsSliceAgainAndNothingIsDeliveredTwice() {
        Path out = h.fileSink("all", null);
        Instant slice2 = DAY.plus(Duration.ofDays(1));
        h.sim.failWhen(
                r -> slice2.toString().equals(r.param("since")) && isPage3(r),
                1,
                400,
                "application/json",
                "{\"success\":false,\"errors\":[{\"code\":400,\"message\":\"invalid cursor\"}],\"result\":null}");

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).as(run.toString()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
        assertThat(run.duplicates()).isEqualTo(20);
    }

    /** Page 3 of a slice: its cursor points after the 20th entry of the slice. */
    private boolean isPage3(RecordedRequest r) {
        String cursor = r.param("cursor");
        if (cursor == null) {
            return false;
        }
        // the first request of the slice with a cursor is page 2; the one after it page 3
        long withCursor = h.sim.requests().stream()
                .filter(x -> r.param("since").equals(x.param("since")) && x.param("cursor") != null)
                .filter(x -> x.status() == 200)
                .count();
        return withCursor == 1;
    }

    private static int indexOf(List<RecordedRequest> requests, Instant since, boolean first) {
        int found = -1;
        for (int i = 0; i < requests.size(); i++) {
            if (since.toString().equals(requests.get(i).param("since"))) {
                if (first) {
                    return i;
                }
                found = i;
            }
        }
        return found;
    }

    private List<String> endpointSink() {
        List<String> received = new CopyOnWriteArrayList<>();
        h.set("cfaudit.sink.host.type", "endpoint");
        h.set("cfaudit.sink.host.uri", "direct:host");
        h.withRoute("direct:host", e -> received.add(e.getMessage().getHeader("CloudflareAuditEntryId", String.class)));
        return received;
    }
}
