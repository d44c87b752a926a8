package io.github.cfaudit.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one run of a source did, for the log line, for {@code --once} and for embedding hosts.
 *
 * @param delivered  entries handed to the sinks (after dropping already delivered ids)
 * @param duplicates entries dropped because their id was already delivered
 * @param skipped    entries that could not be used (no id or event time), logged as warnings
 * @param perSink    entries each sink accepted
 * @param watermark  the committed watermark after the run (null when the source has none yet)
 * @param failure    what stopped a failed run, else null
 */
public record RunSummary(
        String source,
        RunOutcome outcome,
        Window window,
        int pages,
        long delivered,
        long duplicates,
        long skipped,
        Map<String, Long> perSink,
        Instant watermark,
        Duration duration,
        String failure) {}
