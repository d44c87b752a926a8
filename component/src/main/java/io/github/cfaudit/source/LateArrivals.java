package io.github.cfaudit.source;

import java.time.Duration;
import java.time.Instant;

/**
 * The late arrivals one run delivered (see {@link PageArrivals}), and among them the <em>near misses</em>: entries
 * found more than {@link #NEAR_MISS_SHARE} of the lookback behind the watermark. An entry that arrives later than the
 * lookback reaches is never read, so it cannot be counted; the near misses are its visible sign: when entries arrive
 * that close to the edge, some are likely to arrive beyond it. The run warns once when it had any.
 */
final class LateArrivals {
    /** Behind the watermark by more than this share of the lookback: less than a quarter of it was left to spare. */
    static final double NEAR_MISS_SHARE = 0.75;

    private final long nearMissMillis;
    private long late;
    private long nearMisses;
    private String worstId;
    private Instant worstTime;
    private long worstBehindMillis = -1;

    LateArrivals(Duration lookback) {
        this.nearMissMillis = (long) (lookback.toMillis() * NEAR_MISS_SHARE);
    }

    /** A committed page's late arrivals. */
    void add(PageArrivals page) {
        late += page.late();
        long[] behind = page.behindMillis();
        for (int i = 0; i < page.late(); i++) {
            if (behind[i] > nearMissMillis) {
                nearMisses++;
            }
        }
        if (page.late() > 0 && page.worstBehindMillis() > worstBehindMillis) {
            worstBehindMillis = page.worstBehindMillis();
            worstId = page.worstId();
            worstTime = page.worstTime();
        }
    }

    long late() {
        return late;
    }

    long nearMisses() {
        return nearMisses;
    }

    String worstId() {
        return worstId;
    }

    Instant worstTime() {
        return worstTime;
    }

    Duration worstBehind() {
        return Duration.ofMillis(Math.max(0, worstBehindMillis));
    }
}
