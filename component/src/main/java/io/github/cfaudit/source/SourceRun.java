package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.AuditPage;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.CheckpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one run of one source: the window, the cursor, the committed checkpoint, where the run stands
 * ({@link RunState}) and its counts. It lives on the thread of the run, from {@link #start} to its report.
 */
public final class SourceRun {
    private final SourceConfig source;
    private final Clock clock;
    private final long startNanos = System.nanoTime();
    private Window window;
    /** The last committed checkpoint; null until the source has one. */
    private Checkpoint checkpoint;

    private RunState state;
    /** The cursor of the page to get now, or for a page-numbered endpoint its number; null for the first page. */
    private String cursor;
    /** {@code result_info.total_pages} of the page read last (page-numbered endpoints), null when it had none. */
    private Integer totalPages;

    private final Set<String> cursorsSeen = new HashSet<>();
    private boolean chainRestarted;
    private int pages;
    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    private long delivered;
    private long duplicates;
    private long skipped;
    /** Entries the API returned with an event time outside the window asked for: not delivered by this run. */
    private long outsideWindow;
    /** The ids this run delivered (see {@link RunIds}); when it is full, {@link #deliverFrom} moves up. */
    private final RunIds runIds;
    /**
     * The earliest event time this run still delivers: the window's start, until {@link #runIds} fills up and is
     * emptied; from then on the start of the committed checkpoint's lookback, whose ids the checkpoint holds.
     */
    private Instant deliverFrom;

    /**
     * The watermark the run's window was computed from, epoch milliseconds: a new entry dated before it is a late
     * arrival, found by the lookback. {@link Long#MIN_VALUE} without checkpoint (nothing is late in a first run).
     */
    private long lateBefore;
    /** The late arrivals of the committed pages. */
    private final LateArrivals lateArrivals;

    private final Map<String, Long> perSink = new LinkedHashMap<>();
    private long lastProgressLog = startNanos;

    private SourceRun(SourceConfig source, Clock clock, Window window, Checkpoint checkpoint, RunIds runIds) {
        this.source = source;
        this.runIds = runIds;
        this.clock = clock;
        this.window = window;
        this.checkpoint = checkpoint;
        this.deliverFrom = window.since();
        this.lateBefore =
                checkpoint == null ? Long.MIN_VALUE : checkpoint.watermark().toEpochMilli();
        this.lateArrivals = new LateArrivals(source.lookback());
        this.state =
                window.isEmpty() ? new RunState.WindowEmpty("the window " + window + " is empty") : RunState.RUNNING;
    }

    /** A run from the source's checkpoint to now minus the settle delay. */
    public static SourceRun start(SourceConfig source, CheckpointStore store, Clock clock) {
        return start(source, store, clock, new RunIds());
    }

    /** As {@link #start(SourceConfig, CheckpointStore, Clock)}, remembering the run's ids in {@code runIds}. */
    static SourceRun start(SourceConfig source, CheckpointStore store, Clock clock, RunIds runIds) {
        Checkpoint checkpoint = store.load(source.name()).orElse(null);
        if (checkpoint != null
                && !checkpoint.endpoint().equals(source.endpoint().path())) {
            throw new IllegalStateException("The checkpoint of source '" + source.name() + "' belongs to "
                    + checkpoint.endpoint() + " but the source now polls "
                    + source.endpoint().path()
                    + ". Use a new source name for the new endpoint, or move the old checkpoint away.");
        }
        return new SourceRun(source, clock, Window.of(source, checkpoint, clock), checkpoint, runIds);
    }

    /**
     * The page just read, as the run goes on from it: the paging rule decides what comes next; an entry is dropped
     * when its id was delivered before (in an earlier run, or anywhere earlier in this one, this page included) or
     * when its event time lies outside the window the run asked for (counted, see {@link #outsideWindow()}).
     */
    public SourcePage read(AuditPage page) {
        pages++;
        skipped += page.skipped().size();
        Paging.Next next = source.endpoint().family().pageNumbered()
                ? Paging.afterNumbered(page, pageNumber(), pages, source.maxPages())
                : Paging.after(page, cursor, cursorsSeen, pages, source.maxPages());
        totalPages = page.totalPages();
        state = next.state();
        if (state instanceof RunState.Running) {
            cursor = next.cursor();
            cursorsSeen.add(cursor);
        }
        return fresh(page);
    }

    /**
     * A page of a backfill slice ({@link BackfillChains}), whose chain applied the paging rule: it is counted and its
     * entries dropped as {@link #read} drops them; the run goes on until {@link #reachedEnd} or {@link #stop}.
     */
    SourcePage readSlice(AuditPage page) {
        pages++;
        skipped += page.skipped().size();
        return fresh(page);
    }

    /** A backfill read every slice to its end. */
    void reachedEnd() {
        state = RunState.REACHED_END;
    }

    private SourcePage fresh(AuditPage page) {
        if (runIds.isFull()) {
            forgetRunIds();
        }
        List<AuditEntry> fresh = new ArrayList<>(page.entries().size());
        Map<String, Instant> ids = new HashMap<>();
        Instant maxTime = null;
        long fetchedAt = clock.millis();
        long[] lags = new long[page.entries().size()];
        long[] behind = null;
        int late = 0;
        AuditEntry worst = null;
        long worstBehind = -1;
        for (AuditEntry entry : page.entries()) {
            Instant time = entry.time();
            if (time.isBefore(deliverFrom) || !time.isBefore(window.before())) {
                // not this run's to deliver, and never where the watermark moves: an entry dated in the future
                // would otherwise carry the watermark past entries not read yet
                outsideWindow++;
                continue;
            }
            if (maxTime == null || time.isAfter(maxTime)) {
                maxTime = time;
            }
            if (checkpoint != null && checkpoint.recentIds().containsKey(entry.id()) || !runIds.add(entry.id())) {
                duplicates++;
                continue;
            }
            ids.put(entry.id(), time);
            long eventMillis = time.toEpochMilli();
            lags[fresh.size()] = fetchedAt - eventMillis;
            fresh.add(entry);
            if (eventMillis < lateBefore) {
                long b = lateBefore - eventMillis;
                if (behind == null) {
                    behind = new long[page.entries().size()];
                }
                behind[late++] = b;
                if (b > worstBehind) {
                    worstBehind = b;
                    worst = entry;
                }
            }
        }
        PageArrivals arrivals = new PageArrivals(
                lags,
                fresh.size(),
                behind == null ? new long[0] : behind,
                late,
                worst == null ? null : worst.id(),
                worst == null ? null : worst.time(),
                worstBehind);
        return new SourcePage(pages, fresh, ids, maxTime, arrivals);
    }

    /**
     * The run's ids fill their memory: forget them and deliver, from now on, only from the start of the committed
     * checkpoint's lookback, whose ids the checkpoint keeps. Nothing the next run would read is lost by that: its
     * window starts there too. The requests keep their window (a cursor belongs to its query).
     */
    private void forgetRunIds() {
        runIds.clear();
        if (checkpoint != null) {
            Instant from =
                    checkpoint.watermark().minus(source.lookback()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            if (from.isAfter(deliverFrom)) {
                deliverFrom = from;
            }
        }
    }

    /** Ends the run before its next page, for {@code reason}. */
    void stop(String reason) {
        state = new RunState.Stopped(reason);
    }

    /**
     * The API refused the cursor: the chain starts again from the committed checkpoint, once per run. True when it
     * did; false when there is no cursor to blame or the chain was restarted already.
     */
    boolean restartChain() {
        if (cursor == null || chainRestarted || source.endpoint().family().pageNumbered()) {
            return false;
        }
        chainRestarted = true;
        cursor = null;
        cursorsSeen.clear();
        Instant since = checkpoint == null
                ? window.since()
                : Window.of(source, checkpoint, clock).since();
        window = new Window(since, window.before());
        deliverFrom = since;
        if (checkpoint != null) {
            // the chain reads the lookback of the committed checkpoint again: late is behind that watermark now
            lateBefore = checkpoint.watermark().toEpochMilli();
        }
        return true;
    }

    /** The checkpoint that covers {@code ids} up to {@code watermark}, on top of the committed one. */
    Checkpoint nextCheckpoint(Instant watermark, Map<String, Instant> ids) {
        Checkpoint base = checkpoint != null
                ? checkpoint
                : new Checkpoint(source.endpoint().path(), window.since(), Map.of());
        return base.advance(watermark, ids, source.lookback());
    }

    /** {@code next} is written: its page's entries count as delivered from now on. */
    void committed(Checkpoint next, int entries) {
        checkpoint = next;
        delivered += entries;
    }

    /** {@code page} is committed: its late arrivals count for the run's warning. */
    void arrived(SourcePage page) {
        lateArrivals.add(page.arrivals());
    }

    /** The late arrivals of the pages committed so far. */
    LateArrivals lateArrivals() {
        return lateArrivals;
    }

    /** A request or a checkpoint write is tried again; called from the backfill chains' threads too. */
    void retried() {
        retries.incrementAndGet();
    }

    /** Entries each sink accepted, as the sinks report them. */
    public void acceptedBy(Map<String, Long> counts) {
        counts.forEach((sink, n) -> perSink.merge(sink, n, Long::sum));
    }

    /** True when a progress line is due (and from now on not before the next interval). */
    boolean progressLogDue(Duration interval) {
        long now = System.nanoTime();
        if (now - lastProgressLog >= interval.toNanos()) {
            lastProgressLog = now;
            return true;
        }
        return false;
    }

    /** The number of the page to get now, for a page-numbered endpoint: 1, 2, ... */
    int pageNumber() {
        return cursor == null ? 1 : Integer.parseInt(cursor);
    }

    /** {@code result_info.total_pages} of the page read last, null when it had none (or none was read yet). */
    Integer totalPagesBefore() {
        return totalPages;
    }

    /** The query of the page to get now. */
    String query() {
        return PageQuery.of(source, window, cursor);
    }

    public SourceConfig source() {
        return source;
    }

    public RunState state() {
        return state;
    }

    public Window window() {
        return window;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public int pages() {
        return pages;
    }

    public int retries() {
        return retries.get();
    }

    public long delivered() {
        return delivered;
    }

    public long duplicates() {
        return duplicates;
    }

    public long skipped() {
        return skipped;
    }

    /** Entries the API returned outside [{@link #deliverFrom}, the window's end): not delivered by this run. */
    public long outsideWindow() {
        return outsideWindow;
    }

    /** The earliest event time this run delivers: the window's start, unless the run's ids filled their memory. */
    public Instant deliverFrom() {
        return deliverFrom;
    }

    public Map<String, Long> perSink() {
        return Map.copyOf(perSink);
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
