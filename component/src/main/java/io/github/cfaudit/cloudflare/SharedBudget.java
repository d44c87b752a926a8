package io.github.cfaudit.cloudflare;

import java.time.Duration;

/**
 * A request budget shared with other processes (the nodes of a cluster), consulted by {@link RateBudget#acquire()}
 * after the local budget let a request through: together the processes stay inside {@code limit} per {@code window}.
 */
public interface SharedBudget {
    /** Blocks until every process together has sent fewer than {@code limit} requests in the last {@code window}, and counts one. */
    void acquire(int limit, Duration window) throws InterruptedException;
}
