package io.github.cfaudit.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.operations.HealthSettings;
import io.github.cfaudit.operations.MicrometerAuditMetrics;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.sink.PageBatch;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageBatchesTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Operations ops =
            new Operations(HealthSettings.DEFAULTS, Clock.systemUTC(), new MicrometerAuditMetrics(() -> null));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void theSinksOfAPageFlushAtTheSameTime() {
        CountDownLatch allStarted = new CountDownLatch(3);
        PageBatches page = new PageBatches("org", 1);
        for (String sink : new String[] {"a", "b", "c"}) {
            page.add(
                    sink,
                    new Batch(2, () -> {
                        allStarted.countDown();
                        // one after the other, the first sink would wait here alone
                        if (!allStarted.await(10, TimeUnit.SECONDS)) {
                            throw new IOException("the other sinks did not flush while this one did");
                        }
                    }),
                    10);
        }

        page.flush(ops, Clock.systemUTC(), executor);

        assertThat(page.accepted()).isEqualTo(Map.of("a", 2L, "b", 2L, "c", 2L));
        assertThat(ops.sink("c").reachable()).isTrue();
    }

    @Test
    void withoutAnExecutorTheSinksFlushOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        AtomicInteger onCaller = new AtomicInteger();
        PageBatches page = new PageBatches("org", 1);
        for (String sink : new String[] {"a", "b"}) {
            page.add(sink, new Batch(1, () -> onCaller.addAndGet(Thread.currentThread() == caller ? 1 : 0)), 5);
        }

        page.flush(ops, Clock.systemUTC(), null);

        assertThat(onCaller).hasValue(2);
        assertThat(page.accepted()).isEqualTo(Map.of("a", 1L, "b", 1L));
    }

    @Test
    void aSinkThatFailsIsNamedAndIsTheOnlyOneFlushedAgain() {
        AtomicInteger aFlushes = new AtomicInteger();
        AtomicInteger cFlushes = new AtomicInteger();
        AtomicBoolean bDown = new AtomicBoolean(true);
        PageBatches page = new PageBatches("org", 7);
        page.add("a", new Batch(3, aFlushes::incrementAndGet), 10);
        page.add(
                "b",
                new Batch(2, () -> {
                    if (bDown.get()) {
                        throw new IOException("disk full");
                    }
                }),
                10);
        page.add("c", new Batch(1, cFlushes::incrementAndGet), 10);

        assertThatThrownBy(() -> page.flush(ops, Clock.systemUTC(), executor))
                .isInstanceOf(SinkDeliveryException.class)
                .hasMessage("sink b did not accept page 7 of source org: disk full");
        assertThat(page.accepted()).isEqualTo(Map.of("a", 3L, "c", 1L));
        assertThat(ops.sink("b").reachable()).isFalse();
        assertThat(ops.sink("b").lastError()).isEqualTo("disk full");

        bDown.set(false);
        page.flush(ops, Clock.systemUTC(), executor);

        assertThat(page.accepted()).isEqualTo(Map.of("a", 3L, "b", 2L, "c", 1L));
        assertThat(aFlushes).hasValue(1);
        assertThat(cFlushes).hasValue(1);
        assertThat(ops.sink("b").reachable()).isTrue();
    }

    @Test
    void theFirstFailingSinkInConfiguredOrderIsNamedAndEveryOtherSinkStillAnswers() {
        CountDownLatch aFailed = new CountDownLatch(1);
        AtomicBoolean cFinished = new AtomicBoolean();
        PageBatches page = new PageBatches("org", 2);
        page.add(
                "a",
                new Batch(1, () -> {
                    aFailed.countDown();
                    throw new IOException("a refused");
                }),
                1);
        page.add(
                "b",
                new Batch(1, () -> {
                    throw new IOException("b refused");
                }),
                1);
        page.add(
                "c",
                new Batch(4, () -> {
                    // still writing when the first sink has failed: the flush waits for it
                    aFailed.await(10, TimeUnit.SECONDS);
                    cFinished.set(true);
                }),
                1);

        assertThatThrownBy(() -> page.flush(ops, Clock.systemUTC(), executor)).hasMessageContaining("sink a ");
        assertThat(cFinished).isTrue();
        assertThat(page.accepted()).isEqualTo(Map.of("c", 4L));
        assertThat(ops.sink("b").lastError()).isEqualTo("b refused");
    }

    @Test
    void anInterruptDoesNotAbandonASinkHalfWayAndIsKeptForTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PageBatches page = new PageBatches("org", 1);
        page.add("a", new Batch(1, () -> {}), 1);
        page.add("b", new Batch(5, () -> release.await(30, TimeUnit.SECONDS)), 1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                page.flush(ops, Clock.systemUTC(), executor);
                outcome.set(Thread.currentThread().isInterrupted());
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        caller.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> caller.getState() == Thread.State.WAITING);

        caller.interrupt();
        await().atMost(10, TimeUnit.SECONDS).until(() -> caller.getState() == Thread.State.WAITING);
        assertThat(outcome.get())
                .as("the flush returned before sink b answered")
                .isNull();
        release.countDown();
        caller.join(10_000);

        assertThat(outcome.get())
                .as("returned normally with the interrupt kept")
                .isEqualTo(true);
        assertThat(page.accepted()).isEqualTo(Map.of("a", 1L, "b", 5L));
    }

    @FunctionalInterface
    private interface Flush {
        void run() throws Exception;
    }

    /** A batch of {@code size} entries whose flush runs {@code flush}. */
    private record Batch(int size, Flush action) implements PageBatch {
        @Override
        public void add(AuditEntry entry) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush() throws Exception {
            action.run();
        }
    }
}
