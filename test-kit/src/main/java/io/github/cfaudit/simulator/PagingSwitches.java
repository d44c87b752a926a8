package io.github.cfaudit.simulator;

/**
 * Paging quirks switched on by tests. Immutable snapshot; the simulator holds the current one.
 *
 * @param repeatEarlier     every page after the first of a chain also carries the first this many entries of the
 *                          chain's first page (an API whose pages overlap, or a mock that serves its example again)
 * @param outsideWindow     every page also carries the scope's entries just before {@code since} and at {@code before}
 * @param v1Totals          v1 pages carry {@code result_info.total_count} and {@code total_pages} (default); off,
 *                          only {@code page}, {@code per_page} and {@code count}
 * @param v1PastTheEndEmpty a v1 page past the last one is an empty page instead of HTTP 400 (the reported behaviour)
 */
record PagingSwitches(
        CursorPlacement placement,
        Integer maxPageSize,
        boolean trailingEmptyPage,
        boolean repeatCursor,
        boolean endlessCursor,
        int repeatEarlier,
        boolean outsideWindow,
        boolean v1Totals,
        boolean v1PastTheEndEmpty) {

    static final PagingSwitches DEFAULT =
            new PagingSwitches(CursorPlacement.CURSOR, null, false, false, false, 0, false, true, false);

    int effectivePageSize(int requested) {
        return maxPageSize == null ? requested : Math.max(1, Math.min(requested, maxPageSize));
    }

    PagingSwitches withPlacement(CursorPlacement p) {
        return new PagingSwitches(
                p,
                maxPageSize,
                trailingEmptyPage,
                repeatCursor,
                endlessCursor,
                repeatEarlier,
                outsideWindow,
                v1Totals,
                v1PastTheEndEmpty);
    }

    PagingSwitches withMaxPageSize(Integer cap) {
        return new PagingSwitches(
                placement,
                cap,
                trailingEmptyPage,
                repeatCursor,
                endlessCursor,
                repeatEarlier,
                outsideWindow,
                v1Totals,
                v1PastTheEndEmpty);
    }

    PagingSwitches withTrailingEmptyPage(boolean on) {
        return new PagingSwitches(
                placement,
                maxPageSize,
                on,
                repeatCursor,
                endlessCursor,
                repeatEarlier,
                outsideWindow,
                v1Totals,
                v1PastTheEndEmpty);
    }

    PagingSwitches withRepeatCursor(boolean on) {
        return new PagingSwitches(
                placement,
                maxPageSize,
                trailingEmptyPage,
                on,
                endlessCursor,
                repeatEarlier,
                outsideWindow,
                v1Totals,
                v1PastTheEndEmpty);
    }

    PagingSwitches withEndlessCursor(boolean on) {
        return new PagingSwitches(
                placement,
                maxPageSize,
                trailingEmptyPage,
                repeatCursor,
                on,
                repeatEarlier,
                outsideWindow,
                v1Totals,
                v1PastTheEndEmpty);
    }

    PagingSwitches withRepeatEarlier(int n) {
        return new PagingSwitches(
                placement,
                maxPageSize,
                trailingEmptyPage,
                repeatCursor,
                endlessCursor,
                n,
                outsideWindow,
                v1Totals,
                v1PastTheEndEmpty);
    }

    PagingSwitches withOutsideWindow(boolean on) {
        return new PagingSwitches(
                placement,
                maxPageSize,
                trailingEmptyPage,
                repeatCursor,
                endlessCursor,
                repeatEarlier,
                on,
                v1Totals,
                v1PastTheEndEmpty);
    }

    PagingSwitches withV1Totals(boolean on) {
        return new PagingSwitches(
                placement,
                maxPageSize,
                trailingEmptyPage,
                repeatCursor,
                endlessCursor,
                repeatEarlier,
                outsideWindow,
                on,
                v1PastTheEndEmpty);
    }

    PagingSwitches withV1PastTheEndEmpty(boolean on) {
        return new PagingSwitches(
                placement,
                maxPageSize,
                trailingEmptyPage,
                repeatCursor,
                endlessCursor,
                repeatEarlier,
                outsideWindow,
                v1Totals,
                on);
    }
}
