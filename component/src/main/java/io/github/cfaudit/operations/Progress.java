package io.github.cfaudit.operations;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a run is: the share of its window read (by event time), entries so far, the current rate, and an
 * estimate of the time left.
 */
public record Progress(
        String source, double share, Instant position, long entries, double entriesPerSecond, Duration eta) {

    public static Progress of(
            String source, Instant since, Instant before, Instant position, long entries, Duration elapsed) {
        double span = Math.max(1, before.toEpochMilli() - since.toEpochMilli());
        double share = Math.min(1, Math.max(0, (position.toEpochMilli() - since.toEpochMilli()) / span));
        double seconds = Math.max(0.001, elapsed.toNanos() / 1e9);
        Duration eta = share <= 0 ? null : Duration.ofMillis((long) (seconds * 1000 * (1 - share) / share));
        return new Progress(source, share, position, entries, entries / seconds, eta);
    }

    /** {@code acme: 43.0% of window (at 2026-11-02T10:00:00Z), 120000 entries, 3400/s, about 2m10s left} */
    public String describe() {
        return String.format(
                "%s: %.1f%% of window (at %s), %d entries, %.0f/s, %s",
                source,
                share * 100,
                position,
                entries,
                entriesPerSecond,
                eta == null ? "time left unknown" : "about " + human(eta) + " left");
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
