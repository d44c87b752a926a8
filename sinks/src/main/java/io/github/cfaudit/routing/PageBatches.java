package io.github.cfaudit.routing;

import io.github.cfaudit.internal.RootCause;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.sink.PageBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The sinks' batches of one page. {@link #flush} hands each to its sink; with an executor the sinks flush at the same
 * time (one on the calling thread, the others on the executor), so a page costs the slowest sink's write rather than
 * the sum of them. The flush returns only once every sink answered. A sink that accepted the page is not asked again
 * when the flush is retried because another one failed.
 */
public final class PageBatches {
    private final String source;
    private final int pageNumber;
    private final Map<String, PageBatch> pending = new LinkedHashMap<>();
    private final Map<String, Long> bytes = new LinkedHashMap<>();
    private final Map<String, Long> accepted = new LinkedHashMap<>();

    PageBatches(String source, int pageNumber) {
        this.source = source;
        this.pageNumber = pageNumber;
    }

    void add(String sink, PageBatch batch, long byteCount) {
        pending.put(sink, batch);
        bytes.put(sink, byteCount);
    }

    /**
     * Every sink still missing the page accepts it, or this throws {@link SinkDeliveryException} naming the first (in
     * the configured order) that did not, after every other sink answered. With an {@code executor} (null: none) the
     * sinks after the first flush on it while the first flushes on this thread.
     */
    public void flush(Operations ops, Clock clock, Executor executor) {
        List<String> names = new ArrayList<>(pending.keySet());
        List<CompletableFuture<Long>> outcomes = new ArrayList<>(names.size());
        List<Runnable> onThisThread = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            CompletableFuture<Long> outcome = new CompletableFuture<>();
            PageBatch batch = pending.get(names.get(i));
            Runnable flush = () -> complete(outcome, batch);
            outcomes.add(outcome);
            if (i == 0 || executor == null || !offered(executor, flush)) {
                onThisThread.add(flush);
            }
        }
        onThisThread.forEach(Runnable::run);
        SinkDeliveryException first = null;
        for (int i = 0; i < names.size(); i++) {
            String sink = names.get(i);
            PageBatch batch = pending.get(sink);
            try {
                long nanos = awaitUninterruptibly(outcomes.get(i));
                ops.metrics().sinkWrite(sink, batch.size(), bytes.getOrDefault(sink, 0L), nanos);
                ops.sink(sink).accepted(clock.instant());
                accepted.merge(sink, (long) batch.size(), Long::sum);
                pending.remove(sink);
            } catch (ExecutionException wrapped) {
                Throwable failure = wrapped.getCause();
                ops.metrics().sinkFailure(sink);
                ops.sink(sink).failed(clock.instant(), RootCause.message(failure));
                if (first == null) {
                    first = new SinkDeliveryException(
                            "sink " + sink + " did not accept page " + pageNumber + " of source " + source + ": "
                                    + RootCause.message(failure),
                            failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** False when the executor refuses the task (it is shutting down): the caller runs it. */
    private static boolean offered(Executor executor, Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    /** Flushes {@code batch} and completes {@code outcome} with the time it took, or with what it threw. */
    private static void complete(CompletableFuture<Long> outcome, PageBatch batch) {
        long start = System.nanoTime();
        try {
            batch.flush();
            outcome.complete(System.nanoTime() - start);
        } catch (Throwable failure) {
            outcome.completeExceptionally(failure);
        }
    }

    /**
     * The sink's answer. A sink's write is never abandoned half-way: an interrupt (the route stopping) is kept for the
     * caller and the wait goes on; every sink bounds its own write with its timeouts.
     */
    private static long awaitUninterruptibly(Future<Long> outcome) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Entries each sink accepted so far. */
    public Map<String, Long> accepted() {
        return Map.copyOf(accepted);
    }
}
