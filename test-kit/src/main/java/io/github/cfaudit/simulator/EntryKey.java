package io.github.cfaudit.simulator;

import java.time.Instant;
import java.util.Comparator;

/** Sort key of a stored entry: event time, then id, then insertion sequence (ties of duplicate ids). */
record EntryKey(Instant time, String id, long seq) implements Comparable<EntryKey> {

    private static final Comparator<EntryKey> ORDER =
            Comparator.comparing(EntryKey::time).thenComparing(EntryKey::id).thenComparingLong(EntryKey::seq);

    /** The smallest key at the given instant, for window bounds. */
    static EntryKey lowest(Instant time) {
        return new EntryKey(time, "", Long.MIN_VALUE);
    }

    @Override
    public int compareTo(EntryKey other) {
        return ORDER.compare(this, other);
    }
}
