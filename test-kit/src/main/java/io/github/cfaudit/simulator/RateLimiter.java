package io.github.cfaudit.simulator;

import java.time.Duration;

/** Fixed-window request counter that produces Cloudflare's Ratelimit headers. Thread-safe. */
final class RateLimiter {

    /** Outcome for one request. */
    record Decision(boolean limited, long remaining, long resetSeconds, int quota, long windowSeconds) {

        String ratelimitHeader() {
            return "\"default\";r=" + remaining + ";t=" + resetSeconds;
        }

        String policyHeader() {
            return "\"default\";q=" + quota + ";w=" + windowSeconds;
        }
    }

    private static final int DEFAULT_QUOTA = 1200;
    private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private int quota = DEFAULT_QUOTA;
    private Duration window = DEFAULT_WINDOW;
    private boolean enforced;
    private long windowStart = System.nanoTime();
    private long count;

    synchronized void configure(int requests, Duration newWindow) {
        if (requests < 1 || newWindow.isNegative() || newWindow.isZero()) {
            throw new IllegalArgumentException("rate limit needs requests >= 1 and a positive window");
        }
        quota = requests;
        window = newWindow;
        enforced = true;
        windowStart = System.nanoTime();
        count = 0;
    }

    synchronized void reset() {
        quota = DEFAULT_QUOTA;
        window = DEFAULT_WINDOW;
        enforced = false;
        windowStart = System.nanoTime();
        count = 0;
    }

    synchronized Decision acquire() {
        long now = System.nanoTime();
        long windowNanos = window.toNanos();
        if (now - windowStart >= windowNanos) {
            windowStart = now - ((now - windowStart) % windowNanos);
            count = 0;
        }
        count++;
        long left = windowNanos - (now - windowStart);
        long resetSeconds = Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
        long windowSeconds = Math.max(1, (windowNanos + 999_999_999L) / 1_000_000_000L);
        return new Decision(enforced && count > quota, Math.max(0, quota - count), resetSeconds, quota, windowSeconds);
    }
}
