package io.github.cfaudit.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Predicate;

/** Cuts one page out of a sorted scope and decides the next cursor, honouring the paging quirks. */
final class Paginator {

    /** One page: the raw entries and the cursor to return ({@code null} = last page). */
    record Page(List<String> rawEntries, String nextCursor) {}

    /** What a request asks for. {@code since}/{@code before} may be {@code null} (unbounded). */
    record Query(
            Instant since,
            Instant before,
            boolean ascending,
            Predicate<StoredEntry> filter,
            int pageSize,
            String fingerprint,
            String rawCursor,
            Cursor cursor) {}

    private Paginator() {}

    static Page page(NavigableMap<EntryKey, StoredEntry> scope, Query q, PagingSwitches sw) {
        NavigableMap<EntryKey, StoredEntry> view = scope;
        if (q.since() != null) {
            view = view.tailMap(EntryKey.lowest(q.since()), true);
        }
        if (q.before() != null) {
            view = view.headMap(EntryKey.lowest(q.before()), false);
        }
        NavigableMap<EntryKey, StoredEntry> window = view;
        EntryKey start = q.cursor() == null ? null : q.cursor().after();
        if (start != null) {
            view = q.ascending() ? view.tailMap(start, false) : view.headMap(start, false);
        }
        Iterator<StoredEntry> it =
                (q.ascending() ? view : view.descendingMap()).values().iterator();
        List<String> raws = new ArrayList<>();
        EntryKey last = null;
        boolean more = false;
        while (it.hasNext()) {
            StoredEntry e = it.next();
            if (!q.filter().test(e)) {
                continue;
            }
            if (raws.size() == q.pageSize()) {
                more = true;
                break;
            }
            raws.add(e.raw());
            last = e.key();
        }
        if (sw.repeatEarlier() > 0 && start != null) {
            // the chain's first entries again, as an overlapping page would carry them
            (q.ascending() ? window : window.descendingMap())
                    .values().stream()
                            .filter(q.filter())
                            .limit(sw.repeatEarlier())
                            .forEach(e -> raws.add(e.raw()));
        }
        if (sw.outsideWindow()) {
            // entries the query did not ask for: the one just before since, the one at or after before
            if (q.since() != null) {
                var below = scope.lowerEntry(EntryKey.lowest(q.since()));
                if (below != null) {
                    raws.add(below.getValue().raw());
                }
            }
            if (q.before() != null) {
                var above = scope.ceilingEntry(EntryKey.lowest(q.before()));
                if (above != null) {
                    raws.add(above.getValue().raw());
                }
            }
        }
        return new Page(raws, nextCursor(q, sw, start, last, more));
    }

    private static String nextCursor(Query q, PagingSwitches sw, EntryKey start, EntryKey last, boolean more) {
        EntryKey position = last != null ? last : start;
        if (sw.repeatCursor()) {
            return q.rawCursor() != null ? q.rawCursor() : Cursor.issue(q.fingerprint(), position);
        }
        if (more) {
            return Cursor.issue(q.fingerprint(), last);
        }
        if (sw.endlessCursor()) {
            // re-serve this (last) page forever, each time with a fresh cursor
            return Cursor.issue(q.fingerprint(), start);
        }
        if (sw.trailingEmptyPage()) {
            return Cursor.issue(q.fingerprint(), position);
        }
        return null;
    }
}
