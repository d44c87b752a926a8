package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditPage;
import java.util.Set;

/**
 * The paging rule, as a pure function of the page just read: stop on an empty page or a missing cursor (the end),
 * on a cursor seen before in this run (an API that loops would otherwise never end), or at the page cap; otherwise
 * go on with the page's cursor.
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
}
