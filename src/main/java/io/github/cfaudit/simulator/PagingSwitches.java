package io.github.cfaudit.simulator;

/** Paging quirks switched on by tests. Immutable snapshot; the simulator holds the current one. */
record PagingSwitches(
        CursorPlacement placement,
        Integer maxPageSize,
        boolean trailingEmptyPage,
        boolean repeatCursor,
        boolean endlessCursor) {

    static final PagingSwitches DEFAULT = new PagingSwitches(CursorPlacement.CURSOR, null, false, false, false);

    int effectivePageSize(int requested) {
        return maxPageSize == null ? requested : Math.max(1, Math.min(requested, maxPageSize));
    }

    PagingSwitches withPlacement(CursorPlacement p) {
        return new PagingSwitches(p, maxPageSize, trailingEmptyPage, repeatCursor, endlessCursor);
    }

    PagingSwitches withMaxPageSize(Integer cap) {
        return new PagingSwitches(placement, cap, trailingEmptyPage, repeatCursor, endlessCursor);
    }

    PagingSwitches withTrailingEmptyPage(boolean on) {
        return new PagingSwitches(placement, maxPageSize, on, repeatCursor, endlessCursor);
    }

    PagingSwitches withRepeatCursor(boolean on) {
        return new PagingSwitches(placement, maxPageSize, trailingEmptyPage, on, endlessCursor);
    }

    PagingSwitches withEndlessCursor(boolean on) {
        return new PagingSwitches(placement, maxPageSize, trailingEmptyPage, repeatCursor, on);
    }
}
