package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The next page is requested while the current one is delivered, and only fetching runs ahead: delivery and
 * checkpoint stay page by page, in order, whatever happens to the request made ahead.
 */
class FetchAheadIT {
    @Harness
    AuditHarness h;

    List<String> expected;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.page-size", "10");
        expected = h.accountEntriesEveryMinute("e%02d", 30, DAY.plus(Duration.ofHours(1)));
        h.clock.set(DAY.plus(Duration.ofDays(1)));
    }

    @Test
    void theNextPageIsRequestedWhileThePageBeforeItIsDelivered() {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicBoolean page2RequestedDuringPage1 = new AtomicBoolean();
        endpointSink(received, entry -> {
            if (entry.equals("e00")) {
                // the sink holds page 1 until page 2 has been asked for; without fetching ahead, it never is
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> h.sim.requests().size() >= 2);
                page2RequestedDuringPage1.set(h.sim.requests().get(1).param("cursor") != null);
            }
        });

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(page2RequestedDuringPage1).isTrue();
        assertThat(received).containsExactlyElementsOf(expected);
    }

    @Test
    void aPageFetchedAheadIsNeitherDeliveredNorCommittedWhenThePageBeforeItIsNotAccepted() throws Exception {
        h.set("cfaudit.delivery.max-retries", "0");
        Path out = h.fileSink("all", null);
        // the sink cannot write page 1 (its day's file is a directory), while page 2 is fetched ahead
        Path blocked = out.resolve("acct/2026/11/2026-11-20.ndjson");
        Files.createDirectories(blocked);

        RunSummary failed = h.runOnceSingle();

        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.delivered()).isZero();
        assertThat(h.sim.requests()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(h.sim.requests().get(1).param("cursor")).isNotNull();
        assertThat(h.checkpoint("acct")).isEmpty();
        assertThat(AuditHarness.ids(out)).isEmpty();

        Files.delete(blocked);
        RunSummary next = h.runOnceSingle();
        assertThat(next.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void aRequestMadeAheadThatFailsIsRetriedAndThePagesStayInOrder() {
        List<String> received = new CopyOnWriteArrayList<>();
        endpointSink(received, entry -> {});
        // request 2 is page 2, made ahead while page 1 is delivered
        h.sim.failRequest(2, 503, "text/html", "<html>upstream</html>");

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactlyElementsOf(expected);
        // the retry asks for the same page again: the cursor of request 2
        assertThat(h.sim.requests().get(2).param("cursor"))
                .isEqualTo(h.sim.requests().get(1).param("cursor"));
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(DAY.plus(Duration.ofDays(1)));
    }

    @Test
    void aConnectionThatClosesInTheMiddleOfAPageIsRetriedAndNothingOfTheCutPageIsDelivered() {
        List<String> received = new CopyOnWriteArrayList<>();
        endpointSink(received, entry -> {});
        // request 2 (page 2, fetched ahead) announces a whole page but the connection drops after 60 bytes
        String fake =
                "{\"success\":true,\"errors\":[],\"result\":[{\"id\":\"cut-1\",\"action\":{\"time\":\"2025-11-20T01:10:00Z\"}}],"
                        + "\"result_info\":{\"count\":1}}";
        h.sim.cutRequest(2, fake, 60);

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(h.sim.requests().get(2).param("cursor"))
                .isEqualTo(h.sim.requests().get(1).param("cursor"));
    }

    @Test
    void aConnectionResetInTheMiddleOfAPageFetchedAheadIsRetried() {
        List<String> received = new CopyOnWriteArrayList<>();
        endpointSink(received, entry -> {});
        // request 2 is page 2, fetched ahead: half of its body arrives, then a TCP reset
        h.sim.resetRequest(2);

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).as(run.toString()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(h.sim.requests().get(2).param("cursor"))
                .isEqualTo(h.sim.requests().get(1).param("cursor"));
    }

    @Test
    void aConnectionResetInTheMiddleOfTheFirstPageIsRetried() {
        List<String> received = new CopyOnWriteArrayList<>();
        endpointSink(received, entry -> {});
        h.sim.resetRequest(1);

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).as(run.toString()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(h.sim.requests().get(1).param("cursor")).isNull();
    }

    @Test
    void theRetriesAreCountedPerPageNotPerRun() {
        List<String> received = new CopyOnWriteArrayList<>();
        endpointSink(received, entry -> {});
        h.set("cfaudit.api.max-retries", "1");
        // the first request for every page fails: one retry each is enough, but three pages need three in all
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        h.sim.failWhen(r -> seen.incrementAndGet() % 2 == 1, Integer.MAX_VALUE, 503, "text/html", "<html>busy</html>");

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).as(run.toString()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(h.sim.requests()).filteredOn(r -> r.status() == 503).hasSizeGreaterThanOrEqualTo(3);
    }

    private void endpointSink(List<String> received, java.util.function.Consumer<String> onEntry) {
        h.set("cfaudit.sink.host.type", "endpoint");
        h.set("cfaudit.sink.host.uri", "direct:host");
        h.withRoute("direct:host", e -> {
            String id = e.getMessage().getHeader("CloudflareAuditEntryId", String.class);
            onEntry.accept(id);
            received.add(id);
        });
    }
}
