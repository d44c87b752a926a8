package io.github.cfaudit.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a window is cut into backfill slices. */
class SlicesTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void aWindowOfOneSliceOrLessStaysWhole() {
        Window day = new Window(T0, T0.plus(DAY));
        assertThat(Slices.of(day, DAY)).containsExactly(day);
        Window hour = new Window(T0, T0.plusSeconds(3600));
        assertThat(Slices.of(hour, DAY)).containsExactly(hour);
        Window empty = new Window(T0, T0);
        assertThat(Slices.of(empty, DAY)).containsExactly(empty);
    }

    @Test
    void aLongerWindowIsCutIntoSlicesFromItsStartTheLastOneShorter() {
        Window window = new Window(T0, T0.plus(Duration.ofDays(2)).plusSeconds(7));
        assertThat(Slices.of(window, DAY))
                .containsExactly(
                        new Window(T0, T0.plus(DAY)),
                        new Window(T0.plus(DAY), T0.plus(Duration.ofDays(2))),
                        new Window(
                                T0.plus(Duration.ofDays(2)),
                                T0.plus(Duration.ofDays(2)).plusSeconds(7)));
    }

    @Test
    void theSlicesAreConsecutiveDisjointAndCoverTheWindowExactly() {
        Window window =
                new Window(T0.plusSeconds(13), T0.plus(Duration.ofDays(547)).plusSeconds(59));
        List<Window> slices = Slices.of(window, Duration.ofHours(7));
        assertThat(slices.get(0).since()).isEqualTo(window.since());
        assertThat(slices.get(slices.size() - 1).before()).isEqualTo(window.before());
        for (int i = 1; i < slices.size(); i++) {
            assertThat(slices.get(i).since()).isEqualTo(slices.get(i - 1).before());
            assertThat(slices.get(i).isEmpty()).isFalse();
        }
        assertThat(slices)
                .allSatisfy(s ->
                        assertThat(Duration.between(s.since(), s.before())).isLessThanOrEqualTo(Duration.ofHours(7)));
    }
}
