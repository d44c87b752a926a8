package io.github.cfaudit.source;

import java.time.Instant;

/**
 * How late the new entries of one page arrived, measured while the page is read (one subtraction per entry: the event
 * time is parsed already) and counted once the page is committed, so that a page delivered again after a failure is
 * counted once, with the fetch that delivered it.
 *
 * <ul>
 *   <li>{@code lagMillis[0..count)}: the arrival lag of each new entry, the time the page was read minus its event
 *       time.
 *   <li>{@code behindMillis[0..late)}: for each <em>late arrival</em> (a new entry whose event time is before the
 *       watermark the run started from, so the lookback found it), how far behind that watermark it was.
 *   <li>{@code worst*}: the late arrival furthest behind, for the run's warning.
 * </ul>
 */
public final class PageArrivals {
    static final PageArrivals NONE = new PageArrivals(new long[0], 0, new long[0], 0, null, null, 0);

    private final long[] lagMillis;
    private final int count;
    private final long[] behindMillis;
    private final int late;
    private final String worstId;
    private final Instant worstTime;
    private final long worstBehindMillis;

    PageArrivals(
            long[] lagMillis,
            int count,
            long[] behindMillis,
            int late,
            String worstId,
            Instant worstTime,
            long worstBehindMillis) {
        this.lagMillis = lagMillis;
        this.count = count;
        this.behindMillis = behindMillis;
        this.late = late;
        this.worstId = worstId;
        this.worstTime = worstTime;
        this.worstBehindMillis = worstBehindMillis;
    }

    /** The arrival lags, milliseconds; only the first {@link #count()} are set. */
    public long[] lagMillis() {
        return lagMillis;
    }

    public int count() {
        return count;
    }

    /** How far behind the watermark each late arrival was, milliseconds; only the first {@link #late()} are set. */
    public long[] behindMillis() {
        return behindMillis;
    }

    public int late() {
        return late;
    }

    /** The id of the late arrival furthest behind, null when none. */
    public String worstId() {
        return worstId;
    }

    public Instant worstTime() {
        return worstTime;
    }

    public long worstBehindMillis() {
        return worstBehindMillis;
    }
}
