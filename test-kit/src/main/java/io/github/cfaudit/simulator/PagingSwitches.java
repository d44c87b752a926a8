package io.github.cfaudit.simulator;

/**
 * Paging quirks switched on by tests. Immutable snapshot; the simulator holds the current one.
 *
 * @param repeatEarlier  every page after the first of a chain also carries the first this many entries of the
 *                       chain's first page (an API whose pages overlap, or a mock that serves its example again)
 * @param outsideWindow  every page also carries the scope's entries just before {@code since} and at {@code before}
 */
record PagingSwitches(
        CursorPlacement placement,
        Integer maxPageSize,
        boolean trailingEmptyPage,
        boolean repeatCursor,
        boolean endlessCursor,
        int repeatEarlier,
        boolean outsideWindow) {

    static final PagingSwitches DEFAULT =
            new PagingSwitches(CursorPlacement.CURSOR, null, false, false, false, 0, false);

    int effectivePageSize(int requested) {
        return maxPageSize == null ? requested : Math.max(1, Math.min(requested, maxPageSize));
    }

    PagingSwitches withPlacement(CursorPlacement p) {
        return new PagingSwitches(
                p, maxPageSize, trailingEmptyPage, repeatCursor, endlessCursor, repeatEarlier, outsideWindow);
    }

    PagingSwitches withMaxPageSize(Integer cap) {
        return new PagingSwitches(
                placement, cap, trailingEmptyPage, repeatCursor, endlessCursor, repeatEarlier, outsideWindow);
    }

    PagingSwitches withTrailingEmptyPage(boolean on) {
        return new PagingSwitches(
                placement, maxPageSize, on, repeatCursor, endlessCursor, repeatEarlier, outsideWindow);
    }

    PagingSwitches withRepeatCursor(boolean on) {
        return new PagingSwitches(
                placement, maxPageSize, trailingEmptyPage, on, endlessCursor, repeatEarlier, outsideWindow);
    }

    PagingSwitches withEndlessCursor(boolean on) {
        return new PagingSwitches(
                placement, maxPageSize, trailingEmptyPage, repeatCursor, on, repeatEarlier, outsideWindow);
    }

    PagingSwitches withRepeatEarlier(int n) {
        return new PagingSwitches(
                placement, maxPageSize, trailingEmptyPage, repeatCursor, endlessCursor, n, outsideWindow);
    }

    PagingSwitches withOutsideWindow(boolean on) {
        return new PagingSwitches(
                placement, maxPageSize, trailingEmptyPage, repeatCursor, endlessCursor, repeatEarlier, on);
    }
}
