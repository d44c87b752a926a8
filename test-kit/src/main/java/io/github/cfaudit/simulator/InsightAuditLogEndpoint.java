package io.github.cfaudit.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /{accounts|zones}/{id}/security-center/insights[/{issue_id}]/audit-log}.
 * {@code per_page} 1..1000 (default 25), {@code order} default desc, {@code since}/{@code before} RFC 3339 only.
 */
final class InsightAuditLogEndpoint {

    private static final Set<String> ALLOWED =
            Set.of("per_page", "cursor", "since", "before", "order", "field_changed", "changed_by");
    private static final Set<String> ORDERS = Set.of("asc", "desc");
    private static final Set<String> FIELDS = Set.of("status", "user_classification");

    private InsightAuditLogEndpoint() {}

    static SimResponse handle(
            String path,
            Map<String, List<String>> raw,
            EntryStore store,
            String scopeKind,
            String scopeId,
            String issueId,
            PagingSwitches sw) {
        Params params = new Params(raw);
        params.requireKnown(ALLOWED);
        int perPage = params.intInRange("per_page", 1, 1000, 25);
        Instant since = params.time("since", false, false);
        Instant before = params.time("before", false, false);
        if (since != null && before != null && since.isAfter(before)) {
            throw ApiError.badRequest("'since' must not be after 'before'");
        }
        boolean asc = "asc".equals(params.oneOf("order", ORDERS, "desc"));
        String fieldChanged = params.oneOf("field_changed", FIELDS, null);
        String changedBy = params.single("changed_by");
        Predicate<StoredEntry> filter = e -> (issueId == null || issueId.equals(e.field("issue_id")))
                && (fieldChanged == null || fieldChanged.equals(e.field("field_changed")))
                && (changedBy == null || changedBy.equals(e.field("changed_by")));
        String fingerprint = Cursor.fingerprint(path, raw);
        String rawCursor = params.single("cursor");
        Cursor cursor = rawCursor == null ? null : Cursor.decode(rawCursor);
        if (cursor != null && !cursor.fingerprint().equals(fingerprint)) {
            throw ApiError.badRequest("cursor does not match the query parameters; re-send the original parameters");
        }
        Paginator.Query q = new Paginator.Query(
                since, before, asc, filter, sw.effectivePageSize(perPage), fingerprint, rawCursor, cursor);
        Paginator.Page page = Paginator.page(store.scope(EntryStore.insightScope(scopeKind, scopeId)), q, sw);
        return SimResponse.json(200, Json.insightSuccess(page.rawEntries(), page.nextCursor(), perPage));
    }
}
