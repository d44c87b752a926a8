package io.github.cfaudit.source;

import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.state.Checkpoint;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The event-time span one run reads: from the watermark minus the lookback (or the configured start, for a source
 * without checkpoint) to now minus the settle delay. Both ends are whole seconds, the start rounded down, so nothing
 * between runs is skipped whatever the API's rounding.
 */
public record Window(Instant since, Instant before) {

    public static Window of(SourceConfig source, Checkpoint checkpoint, Clock clock) {
        Instant before = clock.instant().minus(source.settle()).truncatedTo(ChronoUnit.SECONDS);
        Instant since = checkpoint == null
                ? source.start().resolve(clock)
                : checkpoint.watermark().minus(source.lookback());
        return new Window(since.truncatedTo(ChronoUnit.SECONDS), before);
    }

    public boolean isEmpty() {
        return !since.isBefore(before);
    }

    @Override
    public String toString() {
        return "[" + since + ", " + before + ")";
    }
}
