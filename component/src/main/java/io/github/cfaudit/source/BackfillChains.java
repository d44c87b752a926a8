package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditPage;
import io.github.cfaudit.cloudflare.CloudflareApiException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cursor chains of one backfill run: up to {@code parallelism} chains page the run's time slices ({@link Slices})
 * at once, each taking the next slice not yet taken when it has finished one, and the run takes their pages strictly
 * in event-time order, slice after slice ({@link #next()}). So the run delivers and commits exactly as a single chain
 * would, and the checkpoint (a watermark) needs nothing new.
 *
 * <p>Fetching ahead is bounded: the chain of the slice being delivered (the head) always goes on; a chain of a later
 * slice starts a request only while fewer than {@value #PAGES_AHEAD} pages of later slices are fetched, or being
 * fetched, and not yet taken. A chain that has to wait holds no request and no permit of
 * the rate budget. Every request takes its permit from the connection's one budget, in turn with every other source on
 * it.
 *
 * <p>A slice that fails (its page failed after the retries) ends the run when the run reaches it: every slice before
 * it was delivered and committed; the pages fetched for later slices are dropped and fetched again by the next run. A
 * cursor the API rejects (HTTP 400) starts its slice's chain again from the slice's start, once per slice; the
 * entries it then hands back again are dropped by id, as in a single chain.
 */
final class BackfillChains implements AutoCloseable {
    /**
     * Pages of later slices the chains may hold, fetched or being fetched, ahead of the slice being delivered: about
     * 1 MB each at 1000 entries a page.
     */
    static final int PAGES_AHEAD = 4;

    /** What a chain hands the run, in the order of its slice. */
    sealed interface Item {}

    /** A page of slice {@code slice}. */
    record Page(int slice, AuditPage page) implements Item {}

    /** Slice {@code slice} ended: read to its end ({@link RunState.ReachedEnd}) or stopped (a repeated cursor). */
    record SliceEnd(int slice, RunState state) implements Item {}

    /** Slice {@code slice} failed: the run ends here. */
    record Failed(int slice, Exception failure) implements Item {}

    /** Gets one page of a slice, with the retries of the connection (a 400 is thrown as it is). */
    @FunctionalInterface
    interface PageSource {
        AuditPage fetch(String query, String what) throws Exception;
    }

    /** The query of a slice's page: the run's query with the slice's since and before. */
    @FunctionalInterface
    interface Queries {
        String of(Window slice, String cursor);
    }

    private final List<Window> slices;
    private final Queries queries;
    private final PageSource pages;
    private final int aheadLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Per slice: what its chain handed on and the run did not take yet. */
    private final List<ArrayDeque<Item>> feeds;
    /** Per slice: its pages in the feed or being fetched. */
    private final int[] pending;

    private final List<Future<?>> chains = new ArrayList<>();
    /** The slice the run takes pages from. */
    private int head;
    /** The next slice a chain takes. */
    private int nextSlice;
    /** Set when a slice failed: no chain starts a slice after it. */
    private int failedSlice = Integer.MAX_VALUE;

    private boolean closed;

    BackfillChains(List<Window> slices, Queries queries, PageSource pages) {
        this.slices = List.copyOf(slices);
        this.queries = queries;
        this.pages = pages;
        this.aheadLimit = PAGES_AHEAD;
        this.feeds = new ArrayList<>(slices.size());
        for (int i = 0; i < slices.size(); i++) {
            feeds.add(new ArrayDeque<>());
        }
        this.pending = new int[slices.size()];
    }

    /** Starts {@code parallelism} chains (fewer when there are fewer slices) on {@code executor}. */
    BackfillChains start(ExecutorService executor, int parallelism) {
        int n = Math.min(parallelism, slices.size());
        for (int i = 0; i < n; i++) {
            chains.add(executor.submit(this::chain));
        }
        return this;
    }

    int slices() {
        return slices.size();
    }

    Window slice(int index) {
        return slices.get(index);
    }

    /**
     * The next item in event-time order: a page of the head slice, or its end (after which the next slice is the
     * head), or its failure. Blocks until the head slice's chain has it.
     */
    Item next() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("the backfill chains are closed");
                }
                if (head >= slices.size()) {
                    throw new IllegalStateException("every slice was taken");
                }
                Item item = feeds.get(head).pollFirst();
                if (item != null) {
                    if (item instanceof Page) {
                        pending[head]--;
                    } else if (item instanceof SliceEnd end && end.state() instanceof RunState.ReachedEnd) {
                        head++;
                    }
                    changed.signalAll();
                    return item;
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Pages of slices after the head fetched or being fetched, not yet taken. */
    int pagesAhead() {
        lock.lock();
        try {
            return aheadLocked();
        } finally {
            lock.unlock();
        }
    }

    private int aheadLocked() {
        int ahead = 0;
        for (int i = head + 1; i < nextSlice && i < slices.size(); i++) {
            ahead += pending[i];
        }
        return ahead;
    }

    /**
     * Stops the chains: none starts another request (one in progress ends within the request timeouts, its page is
     * dropped). Does not wait for them.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            feeds.forEach(ArrayDeque::clear);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * One chain: takes slices in order until none is left, pages each to its end. Whatever ends it abnormally (an
     * {@link Error} such as an OutOfMemoryError included, which its Future would otherwise keep to itself) fails its
     * slice, so the run stops with what it committed instead of waiting for a page that never comes.
     */
    private void chain() {
        int slice = -1;
        try {
            while (true) {
                lock.lock();
                try {
                    if (closed || nextSlice >= slices.size() || nextSlice > failedSlice) {
                        return;
                    }
                    slice = nextSlice++;
                } finally {
                    lock.unlock();
                }
                if (!page(slice)) {
                    return;
                }
            }
        } catch (Throwable t) {
            if (slice >= 0) {
                hand(
                        slice,
                        new Failed(slice, t instanceof Exception e ? e : new IllegalStateException(t.toString(), t)),
                        false);
                lock.lock();
                try {
                    failedSlice = Math.min(failedSlice, slice);
                } finally {
                    lock.unlock();
                }
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    /** Pages one slice to its end; false when the chains were closed or the slice failed. */
    private boolean page(int slice) {
        Window window = slices.get(slice);
        String cursor = null;
        Set<String> seen = new HashSet<>();
        boolean restarted = false;
        int count = 0;
        while (true) {
            if (!reserve(slice)) {
                return false;
            }
            AuditPage page;
            try {
                page = pages.fetch(
                        queries.of(window, cursor), "page " + (count + 1) + " of slice " + (slice + 1) + " " + window);
            } catch (Exception e) {
                if (e instanceof CloudflareApiException api && api.status() == 400 && cursor != null && !restarted) {
                    // the API rejected the cursor: this slice's chain starts again; what it repeats is dropped by id
                    restarted = true;
                    cursor = null;
                    seen.clear();
                    release(slice);
                    continue;
                }
                hand(slice, new Failed(slice, e), true);
                return false;
            }
            count++;
            Paging.Next next = Paging.after(page, cursor, seen, count, Integer.MAX_VALUE);
            hand(slice, new Page(slice, page), false);
            if (!(next.state() instanceof RunState.Running)) {
                hand(slice, new SliceEnd(slice, next.state()), false);
                return next.state() instanceof RunState.ReachedEnd;
            }
            cursor = next.cursor();
            seen.add(cursor);
        }
    }

    /** Waits until slice {@code slice} may start a request, and counts it; false once closed. */
    private boolean reserve(int slice) {
        lock.lock();
        try {
            while (!closed && slice != head && aheadLocked() >= aheadLimit) {
                changed.await();
            }
            if (closed) {
                return false;
            }
            pending[slice]++;
            return true;
        } catch (InterruptedException e) {
            // the executor is shut down (its route stops): the chain ends, and the run with it when it gets here
            Thread.currentThread().interrupt();
            if (!closed) {
                failedSlice = Math.min(failedSlice, slice);
                feeds.get(slice).addLast(new Failed(slice, e));
                changed.signalAll();
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void release(int slice) {
        lock.lock();
        try {
            pending[slice]--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Puts {@code item} in its slice's feed; a failure also stops chains from starting later slices. */
    private void hand(int slice, Item item, boolean failed) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (failed) {
                pending[slice]--;
                failedSlice = Math.min(failedSlice, slice);
            }
            feeds.get(slice).addLast(item);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
