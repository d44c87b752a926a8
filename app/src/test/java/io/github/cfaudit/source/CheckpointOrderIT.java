package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invariant: the checkpoint never gets ahead of what every matching sink accepted. */
class CheckpointOrderIT {
    @Harness
    AuditHarness h;

    final List<String> expected = new ArrayList<>();

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.page-size", "10");
        // 30 entries, 10 per page: page 1 on Nov 20, page 2 crosses midnight, page 3 on Nov 21
        Instant t = DAY.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(45));
        expected.addAll(h.accountEntriesEveryMinute("e%02d", 30, t));
        h.clock.set(DAY.plus(Duration.ofDays(2)));
        // one cursor chain: these tests need page 2 to cross midnight, where a backfill's day slices would cut it
        h.set("cfaudit.source.acct.backfill-parallelism", "1");
        // these tests look at a sink that stays down: no retries
        h.set("cfaudit.delivery.max-retries", "0");
    }

    @Test
    void aSinkFailingMidPageLeavesTheCheckpointBeforeThatPageAndTheRestartDeliversTheRestOnce() throws Exception {
        Path out = h.fileSink("all", null);
        // a directory stands where the Nov 21 file goes: page 2 writes its Nov 20 lines, then fails, and the Nov 20
        // file goes back to its length before the page
        Path blocked = out.resolve("acct/2026/11/2026-11-21.ndjson");
        Files.createDirectories(blocked);

        RunSummary failed = h.runOnceSingle();
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.pages()).isEqualTo(2);
        assertThat(failed.delivered()).isEqualTo(10);
        assertThat(h.checkpoint("acct").orElseThrow().watermark())
                .isEqualTo(DAY.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(54)));
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected.subList(0, 10));

        Files.delete(blocked);
        RunSummary resumed = h.runOnceSingle();
        assertThat(resumed.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void oneSinkDownHoldsTheCheckpointAndTheHealthySinkGetsNoDuplicate() {
        Path all = h.fileSink("all", null);
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        h.set("cfaudit.sink.stream.type", "endpoint");
        h.set("cfaudit.sink.stream.uri", "direct:stream");
        h.withRoute("direct:stream", e -> {
            String id = e.getMessage().getHeader("CloudflareAuditEntryId", String.class);
            if (id.equals("e15") && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("consumer down");
            }
            received.add(id);
        });
        RunSummary failed = h.runOnceSingle();
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.failure()).contains("consumer down");
        assertThat(failed.delivered()).isEqualTo(10);

        RunSummary resumed = h.runOnceSingle();
        assertThat(resumed.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(all)).containsExactlyElementsOf(expected);
        // the endpoint sink is at-least-once under failure: page 2's entries before the failure arrive again
        assertThat(received).containsAll(expected);
        assertThat(received.stream().filter(id -> id.equals("e10")).count()).isEqualTo(2);
        assertThat(received.stream().filter(id -> id.equals("e05")).count()).isEqualTo(1);
    }

    @Test
    void aSinkFailureIsRetriedAndOnlyTheSinkThatFailedIsAskedAgain() {
        h.set("cfaudit.delivery.max-retries", "3");
        Path all = h.fileSink("all", null);
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        h.set("cfaudit.sink.stream.type", "endpoint");
        h.set("cfaudit.sink.stream.uri", "direct:stream");
        h.set("cfaudit.sink.stream.when", "${header.CloudflareAuditEntryId} == 'e15'");
        h.withRoute("direct:stream", e -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("consumer down");
            }
            received.add(e.getMessage().getHeader("CloudflareAuditEntryId", String.class));
        });
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(received).containsExactly("e15");
        assertThat(AuditHarness.ids(all)).containsExactlyElementsOf(expected);
    }

    @Test
    void aCheckpointWriteThatFailsOnceIsRetriedAndThePageIsCountedOnce() throws Exception {
        Path out = h.fileSink("all", null);
        h.set("cfaudit.api.max-retries", "2");
        io.github.cfaudit.state.FileCheckpointStore files =
                new io.github.cfaudit.state.FileCheckpointStore(h.dir.resolve("state"));
        AtomicInteger failuresLeft = new AtomicInteger(1);
        io.github.cfaudit.state.CheckpointStore failingOnce = new io.github.cfaudit.state.CheckpointStore() {
            @Override
            public java.util.Optional<io.github.cfaudit.state.Checkpoint> load(String source) {
                return files.load(source);
            }

            @Override
            public void save(String source, io.github.cfaudit.state.Checkpoint checkpoint) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
                }
                files.save(source, checkpoint);
            }
        };
        io.github.cfaudit.CloudflareAuditRoutes routes = h.routes().withCheckpointStore(failingOnce);
        RunSummary run;
        try (org.apache.camel.CamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            context.addRoutes(routes);
            context.start();
            run = routes.runOnce(context).get(0);
        }

        assertThat(failuresLeft.get()).isNegative();
        assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(run.delivered()).isEqualTo(expected.size());
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(DAY.plus(Duration.ofDays(2)));
    }
}
