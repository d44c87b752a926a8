package io.github.cfaudit.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Where a source without checkpoint begins: a fixed instant, or a duration back from the time of its first run. */
public sealed interface StartPosition {

    Instant resolve(Clock clock);

    record At(Instant instant) implements StartPosition {
        @Override
        public Instant resolve(Clock clock) {
            return instant;
        }
    }

    record Ago(Duration duration) implements StartPosition {
        @Override
        public Instant resolve(Clock clock) {
            return clock.instant().minus(duration);
        }
    }
}
