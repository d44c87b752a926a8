package io.github.cfaudit.simulator;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe entries per scope, each scope kept sorted by {@link EntryKey}. */
final class EntryStore {

    private final Map<String, ConcurrentSkipListMap<EntryKey, StoredEntry>> scopes = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    static String orgScope(String orgId) {
        return "organizations/" + orgId;
    }

    static String accountScope(String accountId) {
        return "accounts/" + accountId;
    }

    static String v1AccountScope(String accountId) {
        return "v1/accounts/" + accountId;
    }

    /** {@code user}: the bearer token or the {@code X-Auth-Email} (lower case) the user's requests carry. */
    static String v1UserScope(String user) {
        return "v1/users/" + user;
    }

    static String insightScope(String scopeKind, String scopeId) {
        return "insights/" + scopeKind + "/" + scopeId;
    }

    void addAudit(String scope, String raw) {
        add(scope, StoredEntry.parse(raw, "action.time", StoredEntry.AUDIT_PATHS, seq.incrementAndGet()));
    }

    void addV1(String scope, String raw) {
        add(scope, StoredEntry.parse(raw, "when", StoredEntry.V1_PATHS, seq.incrementAndGet()));
    }

    void addInsight(String scope, String raw) {
        add(scope, StoredEntry.parse(raw, "changed_at", StoredEntry.INSIGHT_PATHS, seq.incrementAndGet()));
    }

    private void add(String scope, StoredEntry entry) {
        scopes.computeIfAbsent(scope, k -> new ConcurrentSkipListMap<>()).put(entry.key(), entry);
    }

    /** Live, sorted view of one scope (empty if unknown). */
    NavigableMap<EntryKey, StoredEntry> scope(String scope) {
        NavigableMap<EntryKey, StoredEntry> map = scopes.get(scope);
        return map == null ? new ConcurrentSkipListMap<>() : map;
    }

    List<String> ids(String scope) {
        return scope(scope).values().stream().map(StoredEntry::id).toList();
    }

    int size(String scope) {
        return scope(scope).size();
    }

    int size() {
        return scopes.values().stream().mapToInt(Map::size).sum();
    }

    void clear() {
        scopes.clear();
    }
}
