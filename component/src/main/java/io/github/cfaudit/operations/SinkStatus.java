package io.github.cfaudit.operations;

import java.time.Instant;

/** Whether a sink accepted its last page. Thread-safe. */
public final class SinkStatus {
    private Instant lastSuccess;
    private Instant lastFailure;
    private String lastError;
    private boolean reachable = true;

    public synchronized void accepted(Instant at) {
        lastSuccess = at;
        reachable = true;
        lastError = null;
    }

    public synchronized void failed(Instant at, String error) {
        lastFailure = at;
        lastError = error;
        reachable = false;
    }

    public synchronized boolean reachable() {
        return reachable;
    }

    public synchronized Instant lastSuccess() {
        return lastSuccess;
    }

    public synchronized Instant lastFailure() {
        return lastFailure;
    }

    public synchronized String lastError() {
        return lastError;
    }
}
