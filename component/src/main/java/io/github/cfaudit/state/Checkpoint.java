package io.github.cfaudit.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How far a source has delivered. Everything with an event time before {@code watermark} has been read, and the
 * ids delivered at or after {@code watermark - lookback} are kept, so that re-reading that span drops what is
 * already out and lets late arrivals through.
 *
 * @param endpoint     the endpoint path the checkpoint belongs to, to detect a source re-pointed elsewhere
 * @param watermark    the event time up to which the source is read
 * @param recentIds    id to event time of the entries delivered within the lookback span, in delivery order
 */
public record Checkpoint(String endpoint, Instant watermark, Map<String, Instant> recentIds) {
    public Checkpoint {
        Objects.requireNonNull(endpoint, "endpoint == null");
        Objects.requireNonNull(watermark, "watermark == null");
        if (recentIds instanceof AdvancedIds owned) {
            // built by advance() from checked ids, and referenced nowhere else: no second copy per page
            recentIds = Collections.unmodifiableMap(owned);
        } else {
            for (Map.Entry<String, Instant> e : recentIds.entrySet()) {
                Objects.requireNonNull(e.getKey(), "recent id == null");
                Objects.requireNonNull(e.getValue(), "time of recent id == null");
            }
            recentIds = Collections.unmodifiableMap(new LinkedHashMap<>(recentIds));
        }
    }

    /** A checkpoint moved to {@code newWatermark} with {@code delivered} ids added and ids older than the lookback dropped. */
    public Checkpoint advance(Instant newWatermark, Map<String, Instant> delivered, Duration lookback) {
        Instant watermark = newWatermark.isAfter(this.watermark) ? newWatermark : this.watermark;
        // the next window starts at (watermark - lookback) rounded down to the second: keep every id it can return
        Instant keepFrom = watermark.minus(lookback).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        AdvancedIds ids = new AdvancedIds(recentIds.size() + delivered.size());
        recentIds.forEach((id, t) -> {
            if (!t.isBefore(keepFrom)) {
                ids.put(id, t);
            }
        });
        delivered.forEach((id, t) -> {
            if (!t.isBefore(keepFrom)) {
                ids.put(Objects.requireNonNull(id, "recent id == null"), Objects.requireNonNull(t, "time == null"));
            }
        });
        return new Checkpoint(endpoint, watermark, ids);
    }

    /** The ids of a checkpoint made by {@link #advance}, which the new checkpoint keeps without copying them. */
    private static final class AdvancedIds extends LinkedHashMap<String, Instant> {
        AdvancedIds(int expected) {
            super(Math.max(16, (int) (expected / 0.75f) + 1));
        }
    }
}
