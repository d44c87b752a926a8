package io.github.cfaudit.cloudflare;

import java.util.List;

/**
 * One parsed page. {@code nextCursor} is null when the API gave none (or an empty one). {@code skipped} counts the
 * entries that could not be used (no id, no parsable event time); they are logged where the page is read.
 * {@code totalPages} is {@code result_info.total_pages} of a page-numbered endpoint (audit logs v1), null when the
 * response has none.
 */
public record AuditPage(List<AuditEntry> entries, String nextCursor, List<String> skipped, Integer totalPages) {
    public AuditPage {
        entries = List.copyOf(entries);
        skipped = List.copyOf(skipped);
    }

    /** A page of a cursor-paged endpoint. */
    public AuditPage(List<AuditEntry> entries, String nextCursor, List<String> skipped) {
        this(entries, nextCursor, skipped, null);
    }

    /** What a page-numbered endpoint's HTTP 400 for a page past the end stands for: no entries, the end. */
    public static AuditPage pastTheEnd() {
        return new AuditPage(List.of(), null, List.of(), null);
    }

    public boolean isEmpty() {
        return entries.isEmpty() && skipped.isEmpty();
    }
}
