package io.github.cfaudit.cloudflare;

import java.util.List;

/**
 * One parsed page. {@code nextCursor} is null when the API gave none (or an empty one). {@code skipped} counts the
 * entries that could not be used (no id, no parsable event time); they are logged where the page is read.
 */
public record AuditPage(List<AuditEntry> entries, String nextCursor, List<String> skipped) {
    public AuditPage {
        entries = List.copyOf(entries);
        skipped = List.copyOf(skipped);
    }

    public boolean isEmpty() {
        return entries.isEmpty() && skipped.isEmpty();
    }
}
