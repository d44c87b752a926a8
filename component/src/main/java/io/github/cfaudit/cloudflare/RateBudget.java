package io.github.cfaudit.cloudflare;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request budget of one set of credentials, shared by every source that uses them. Cloudflare allows 1200
 * requests per 5 minutes per token across every tool using it, and answers a 429 by blocking the token for up to
 * five minutes: so requests are paced here, before they are sent, never retried blindly.
 *
 * <ul>
 *   <li>a sliding window: at most {@code limit} requests in any {@code window};</li>
 *   <li>fair: callers are served strictly in arrival order (a ticket each), so one backfill cannot starve the others;</li>
 *   <li>adaptive: the server's {@code Ratelimit: "default";r=<remaining>;t=<reset s>} pauses every request until the
 *       reset when none remain, and spaces requests out when few remain and fewer than this budget's own count says
 *       (other tools are using the token);</li>
 *   <li>a 429 pauses every source on the budget for at least its {@code Retry-After}.</li>
 * </ul>
 */
public final class RateBudget {
    private static final Pattern REMAINING = Pattern.compile("(?:^|[;,\\s])r=(\\d+)");
    private static final Pattern RESET = Pattern.compile("(?:^|[;,\\s])t=(\\d+)");
    /**
     * Below this share of the limit remaining (server's view), requests are spread over the time to the reset: 20 of
     * the default 1000 per 5 minutes. A share, not a count, so that a budget scaled down (the benchmark's 20 per 5 s)
     * behaves as the full one does instead of always spreading.
     */
    private static final int SLOW_DOWN_BELOW_PER_MILLE = 20;

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    private long pausedUntil;
    private long spacingNanos;
    private long lastSent;
    private long requests;
    private long nextTicket;
    private final java.util.Set<Long> abandoned = new java.util.HashSet<>();
    private long serving;
    private volatile SharedBudget shared;
    private final int slowDownBelow;

    public RateBudget(int limit, Duration window) {
        this(limit, window, System::nanoTime);
    }

    RateBudget(int limit, Duration window, LongSupplier nanoTime) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit < 1");
        }
        this.limit = limit;
        this.slowDownBelow = (int) Math.max(1, (long) limit * SLOW_DOWN_BELOW_PER_MILLE / 1000);
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.pausedUntil = nanoTime.getAsLong();
        this.lastSent = pausedUntil - windowNanos;
    }

    /** Makes {@link #acquire()} also wait for {@code shared}: the budget of the same credentials across a cluster. */
    public RateBudget sharedWith(SharedBudget shared) {
        this.shared = shared;
        return this;
    }

    /** Blocks until a request may be sent, and counts it. */
    public void acquire() throws InterruptedException {
        acquireLocal();
        SharedBudget s = shared;
        if (s != null) {
            s.acquire(limit, Duration.ofNanos(windowNanos));
        }
    }

    private void acquireLocal() throws InterruptedException {
        lock.lockInterruptibly();
        long ticket = nextTicket++;
        try {
            while (true) {
                long now = nanoTime.getAsLong();
                long wait = ticket == serving ? waitNanos(now) : Long.MAX_VALUE;
                if (wait <= 0) {
                    sent.addLast(now);
                    lastSent = now;
                    requests++;
                    return;
                }
                if (wait == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(wait);
                }
            }
        } catch (InterruptedException e) {
            // an interrupted caller gives up its place; later tickets must not wait for it
            abandoned.add(ticket);
            throw e;
        } finally {
            if (ticket == serving) {
                serving++;
            }
            while (abandoned.remove(serving)) {
                serving++;
            }
            changed.signalAll();
            lock.unlock();
        }
    }

    private long waitNanos(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
            sent.removeFirst();
        }
        long wait = pausedUntil - now;
        if (sent.size() >= limit) {
            wait = Math.max(wait, sent.peekFirst() + windowNanos - now);
        }
        if (spacingNanos > 0) {
            wait = Math.max(wait, lastSent + spacingNanos - now);
        }
        return wait;
    }

    private int localRemaining(long now) {
        waitNanos(now);
        return limit - sent.size();
    }

    /** Reads the server's view of the budget from a response. */
    public void onResponse(int status, String rateLimitHeader, String retryAfterHeader) {
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            if (status == 429) {
                Duration retryAfter = parseRetryAfter(retryAfterHeader);
                pausedUntil = Math.max(pausedUntil, now + retryAfter.toNanos());
            }
            if (rateLimitHeader != null) {
                Matcher r = REMAINING.matcher(rateLimitHeader);
                Matcher t = RESET.matcher(rateLimitHeader);
                if (r.find() && t.find()) {
                    long remaining = Long.parseLong(r.group(1));
                    long resetNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(t.group(1)));
                    if (remaining == 0) {
                        pausedUntil = Math.max(pausedUntil, now + resetNanos);
                        spacingNanos = 0;
                    } else if (remaining < slowDownBelow && remaining < localRemaining(now)) {
                        // others use the token too: spread what is left over the time to the reset
                        spacingNanos = resetNanos / remaining;
                    } else {
                        spacingNanos = 0;
                    }
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True while a 429 or an exhausted server budget holds every request back. */
    public boolean isPaused() {
        lock.lock();
        try {
            return pausedUntil - nanoTime.getAsLong() > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Requests this budget let through so far. */
    public long requests() {
        lock.lock();
        try {
            return requests;
        } finally {
            lock.unlock();
        }
    }

    /** Requests still allowed in the current window (client side). */
    public int remaining() {
        lock.lock();
        try {
            waitNanos(nanoTime.getAsLong());
            return Math.max(0, limit - sent.size());
        } finally {
            lock.unlock();
        }
    }

    /** {@code Retry-After} is seconds or an HTTP date; absent or unreadable, the longest documented block is assumed. */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        String h = header.trim();
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(h)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(
                        Instant.now(),
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
                return d.isNegative() ? Duration.ofSeconds(1) : d;
            } catch (DateTimeParseException e2) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }
}
