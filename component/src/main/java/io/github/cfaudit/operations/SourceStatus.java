package io.github.cfaudit.operations;

import java.time.Instant;

/** What operators need to know about one source, updated by its runs. Thread-safe. */
public final class SourceStatus {
    private Instant lastSuccess;
    private Instant lastRun;
    private int consecutiveFailures;
    private String lastError;
    private Instant watermark;
    private double progress = Double.NaN;
    private long runEntries;
    private double entriesPerSecond;
    private double etaSeconds = Double.NaN;

    public synchronized void succeeded(Instant at, Instant watermark) {
        lastSuccess = at;
        lastRun = at;
        consecutiveFailures = 0;
        lastError = null;
        if (watermark != null) {
            this.watermark = watermark;
        }
        progress = 1.0;
        etaSeconds = 0;
    }

    public synchronized void failed(Instant at, String error, Instant watermark) {
        lastRun = at;
        consecutiveFailures++;
        lastError = error;
        if (watermark != null) {
            this.watermark = watermark;
        }
    }

    public synchronized void watermark(Instant watermark) {
        if (watermark != null) {
            this.watermark = watermark;
        }
    }

    public synchronized void progress(double share, long entries, double perSecond, double eta) {
        this.progress = share;
        this.runEntries = entries;
        this.entriesPerSecond = perSecond;
        this.etaSeconds = eta;
    }

    public synchronized Instant lastSuccess() {
        return lastSuccess;
    }

    public synchronized Instant lastRun() {
        return lastRun;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    public synchronized String lastError() {
        return lastError;
    }

    public synchronized Instant watermark() {
        return watermark;
    }

    public synchronized double progress() {
        return progress;
    }

    public synchronized long runEntries() {
        return runEntries;
    }

    public synchronized double entriesPerSecond() {
        return entriesPerSecond;
    }

    public synchronized double etaSeconds() {
        return etaSeconds;
    }

    /** Seconds from the watermark to {@code now}, or NaN before the source has one. */
    public synchronized double lagSeconds(Instant now) {
        return watermark == null ? Double.NaN : Math.max(0, now.toEpochMilli() - watermark.toEpochMilli()) / 1000.0;
    }
}
