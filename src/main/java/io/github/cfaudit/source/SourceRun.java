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
    private String cursor;
    private final Set<String> cursorsSeen = new HashSet<>();
    private boolean chainRestarted;
    private int pages;
    private int retries;
    private long delivered;
    private long duplicates;
    private long skipped;
    private final Map<String, Long> perSink = new LinkedHashMap<>();
    private long lastProgressLog = startNanos;

    private SourceRun(SourceConfig source, Clock clock, Window window, Checkpoint checkpoint) {
        this.source = source;
        this.clock = clock;
        this.window = window;
        this.checkpoint = checkpoint;
        this.state =
                window.isEmpty() ? new RunState.WindowEmpty("the window " + window + " is empty") : RunState.RUNNING;
    }

    /** A run from the source's checkpoint to now minus the settle delay. */
    public static SourceRun start(SourceConfig source, CheckpointStore store, Clock clock) {
        Checkpoint checkpoint = store.load(source.name()).orElse(null);
        if (checkpoint != null
                && !checkpoint.endpoint().equals(source.endpoint().path())) {
            throw new IllegalStateException("The checkpoint of source '" + source.name() + "' belongs to "
                    + checkpoint.endpoint() + " but the source now polls "
                    + source.endpoint().path()
                    + ". Use a new source name for the new endpoint, or move the old checkpoint away.");
        }
        return new SourceRun(source, clock, Window.of(source, checkpoint, clock), checkpoint);
    }

    /**
     * The page just read, as the run goes on from it: the paging rule decides what comes next; the entries whose id
     * was delivered before (in an earlier run, an earlier page, or earlier in this page) are dropped.
     */
    public SourcePage read(AuditPage page) {
        pages++;
        skipped += page.skipped().size();
        Paging.Next next = Paging.after(page, cursor, cursorsSeen, pages, source.maxPages());
        state = next.state();
        if (state instanceof RunState.Running) {
            cursor = next.cursor();
            cursorsSeen.add(cursor);
        }
        List<AuditEntry> fresh = new ArrayList<>(page.entries().size());
        Map<String, Instant> ids = new HashMap<>();
        Instant maxTime = null;
        for (AuditEntry entry : page.entries()) {
            if (maxTime == null || entry.time().isAfter(maxTime)) {
                maxTime = entry.time();
            }
            if (ids.containsKey(entry.id())
                    || checkpoint != null && checkpoint.recentIds().containsKey(entry.id())) {
                duplicates++;
                continue;
            }
            ids.put(entry.id(), entry.time());
            fresh.add(entry);
        }
        return new SourcePage(pages, fresh, ids, maxTime);
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
        if (cursor == null || chainRestarted) {
            return false;
        }
        chainRestarted = true;
        cursor = null;
        cursorsSeen.clear();
        Instant since = checkpoint == null
                ? window.since()
                : Window.of(source, checkpoint, clock).since();
        window = new Window(since, window.before());
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

    void retried() {
        retries++;
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
        return retries;
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

    public Map<String, Long> perSink() {
        return Map.copyOf(perSink);
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
