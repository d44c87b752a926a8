package io.github.cfaudit.source;

import io.github.cfaudit.config.SourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a run's window into the time slices a backfill pages in parallel ({@link BackfillChains}): consecutive,
 * disjoint and together exactly the window, each {@code slice} long from the window's start, the last one shorter. A
 * window up to one slice long, a source with parallelism 1 and a page-numbered source stay one slice: they page as
 * they always did.
 */
final class Slices {
    private Slices() {}

    /** The slices of {@code window} for {@code source}; the window itself when it is not sliced. */
    static List<Window> of(SourceConfig source, Window window) {
        SourceConfig.Backfill backfill = source.backfill();
        if (backfill.parallelism() < 2 || source.endpoint().family().pageNumbered()) {
            return List.of(window);
        }
        return of(window, backfill.slice());
    }

    /** {@code window} in slices of {@code length}; the window itself when it is no longer than that. */
    static List<Window> of(Window window, Duration length) {
        if (window.isEmpty()
                || Duration.between(window.since(), window.before()).compareTo(length) <= 0) {
            return List.of(window);
        }
        List<Window> slices = new ArrayList<>();
        Instant since = window.since();
        while (since.isBefore(window.before())) {
            Instant before = since.plus(length);
            if (!before.isBefore(window.before())) {
                before = window.before();
            }
            slices.add(new Window(since, before));
            since = before;
        }
        return List.copyOf(slices);
    }
}
