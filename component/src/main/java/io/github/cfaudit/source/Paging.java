package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditPage;
import java.util.Set;

/**
 * The paging rule, as a pure function of the page just read. Cursor paging: stop on an empty page or a missing cursor
 * (the end), on a cursor seen before in this run (an API that loops would otherwise never end), or at the page cap;
 * otherwise go on with the page's cursor. Page numbers (audit logs v1): stop on an empty page, on the last page
 * {@code result_info.total_pages} counts, or at the page cap; otherwise go on with the next number. A page shorter than
 * asked for is no end (the API may cap the page size).
 */
public final class Paging {
    private Paging() {}

    /** The state after a page, and the cursor of the page to get next (the current one when the run stops). */
    public record Next(RunState state, String cursor) {}

    /**
     * @param page     the page just read
     * @param cursor   the cursor that page was asked for with (null for the first page of a chain)
     * @param seen     the cursors this run already followed
     * @param pages    the pages read so far, this one included
     * @param maxPages the page cap of the source
     */
    public static Next after(AuditPage page, String cursor, Set<String> seen, int pages, int maxPages) {
        String next = page.nextCursor();
        if (page.isEmpty() || next == null) {
            return new Next(RunState.REACHED_END, cursor);
        }
        if (seen.contains(next) || next.equals(cursor)) {
            return new Next(new RunState.Stopped("the API repeated a cursor after page " + pages), cursor);
        }
        if (pages >= maxPages) {
            return new Next(new RunState.Stopped("max-pages (" + maxPages + ") reached"), cursor);
        }
        return new Next(RunState.RUNNING, next);
    }

    /**
     * The rule of a page-numbered endpoint. The "cursor" of such a run is the page number as text, null for page 1.
     *
     * @param page     the page just read
     * @param number   its number (1 for the first)
     * @param pages    the pages read so far, this one included
     * @param maxPages the page cap of the source
     */
    public static Next afterNumbered(AuditPage page, int number, int pages, int maxPages) {
        String current = number == 1 ? null : Integer.toString(number);
        if (page.isEmpty()) {
            return new Next(RunState.REACHED_END, current);
        }
        if (page.totalPages() != null && number >= page.totalPages()) {
            return new Next(RunState.REACHED_END, current);
        }
        if (pages >= maxPages) {
            return new Next(new RunState.Stopped("max-pages (" + maxPages + ") reached"), current);
        }
        return new Next(RunState.RUNNING, Integer.toString(number + 1));
    }

    /**
     * Whether an HTTP 400 for page {@code number} means the end (reported for audit logs v1 past the last page): only
     * for a page after the first that the page before did not promise ({@code totalPagesBefore}, its
     * {@code result_info.total_pages}, null when it had none). A 400 for page 1, or for a page within the promised
     * total, is an error.
     */
    public static boolean badRequestIsTheEnd(int number, Integer totalPagesBefore) {
        return number > 1 && (totalPagesBefore == null || number > totalPagesBefore);
    }
}
