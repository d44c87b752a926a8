package io.github.cfaudit.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Everything the handler reads: data, credentials and the switches tests flip. Thread-safe. */
final class SimulatorState {

    final EntryStore store = new EntryStore();
    final Credentials credentials = new Credentials();
    final FaultInjector faults = new FaultInjector();
    final RateLimiter rateLimiter = new RateLimiter();
    /** Server-side limits of single tokens; requests with other tokens count against {@link #rateLimiter}. */
    final java.util.Map<String, RateLimiter> tokenRateLimiters = new java.util.concurrent.ConcurrentHashMap<>();

    final AtomicLong requestSeq = new AtomicLong();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<PagingSwitches> paging = new AtomicReference<>(PagingSwitches.DEFAULT);
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile Duration pageLatency = Duration.ZERO;

    PagingSwitches paging() {
        return paging.get();
    }

    void updatePaging(UnaryOperator<PagingSwitches> change) {
        paging.updateAndGet(change);
    }

    Duration responseDelay() {
        return responseDelay;
    }

    void responseDelay(Duration delay) {
        responseDelay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    }

    Duration pageLatency() {
        return pageLatency;
    }

    void pageLatency(Duration latency) {
        pageLatency = latency == null || latency.isNegative() ? Duration.ZERO : latency;
    }

    void resetSwitches() {
        paging.set(PagingSwitches.DEFAULT);
        responseDelay = Duration.ZERO;
        pageLatency = Duration.ZERO;
        faults.clear();
        rateLimiter.reset();
        tokenRateLimiters.clear();
    }
}
