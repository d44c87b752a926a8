package io.github.cfaudit.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code GET /organizations/{id}/logs/audit} and {@code GET /accounts/{id}/logs/audit} (audit logs v2).
 * Filters map to entry fields; {@code product_category} is approximated as a match on
 * {@code resource.product} (Cloudflare expands categories into curated product lists).
 */
final class AuditLogEndpoint {

    private static final Set<String> CONTROL = Set.of("since", "before", "direction", "limit", "cursor");
    private static final Set<String> DIRECTIONS = Set.of("asc", "desc");
    private static final Set<String> ACTION_RESULTS = Set.of("success", "failure");
    private static final Set<String> ACTION_TYPES = Set.of("create", "delete", "view", "update");
    private static final Set<String> ACTOR_CONTEXTS = Set.of("api_key", "api_token", "dash", "oauth", "origin_ca_key");

    /** A rough {@code format: email}: one '@' between a local part and a domain, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.][^@\\s]*");

    /**
     * Filter parameter name to dotted entry path, and allowed values (empty = free text); {@code integer} and
     * {@code email} check the value's type as the schema declares it (a 400 otherwise).
     */
    private record FilterDef(String path, Set<String> enumValues, boolean hasNot, boolean integer, boolean email) {
        FilterDef(String path, Set<String> enumValues, boolean hasNot, boolean integer) {
            this(path, enumValues, hasNot, integer, false);
        }
    }

    private static final Map<String, FilterDef> ORG_FILTERS = orgFilters();
    private static final Map<String, FilterDef> ACCOUNT_FILTERS = accountFilters();

    private AuditLogEndpoint() {}

    static SimResponse handle(
            boolean organization,
            String path,
            Map<String, List<String>> raw,
            EntryStore store,
            String scopeId,
            PagingSwitches sw) {
        Map<String, FilterDef> defs = organization ? ORG_FILTERS : ACCOUNT_FILTERS;
        Params params = new Params(raw);
        params.requireKnown(allowedNames(defs));
        Instant since = params.time("since", true, true);
        Instant before = params.time("before", true, true);
        if (since.isAfter(before)) {
            throw ApiError.badRequest("'since' must not be after 'before'");
        }
        boolean asc = "asc".equals(params.oneOf("direction", DIRECTIONS, "desc"));
        int limit = params.intInRange("limit", 1, 1000, 100);
        Predicate<StoredEntry> filter = filter(defs, raw);
        String fingerprint = Cursor.fingerprint(path, raw);
        String rawCursor = params.single("cursor");
        Cursor cursor = rawCursor == null ? null : Cursor.decode(rawCursor);
        if (cursor != null && !cursor.fingerprint().equals(fingerprint)) {
            throw ApiError.badRequest("cursor does not match the query parameters; re-send the original parameters");
        }
        String scope = organization ? EntryStore.orgScope(scopeId) : EntryStore.accountScope(scopeId);
        Paginator.Query q = new Paginator.Query(
                since, before, asc, filter, sw.effectivePageSize(limit), fingerprint, rawCursor, cursor);
        Paginator.Page page = Paginator.page(store.scope(scope), q, sw);
        return SimResponse.json(200, Json.v2Success(page.rawEntries(), page.nextCursor(), sw.placement()));
    }

    private static Set<String> allowedNames(Map<String, FilterDef> defs) {
        Set<String> names = new HashSet<>(CONTROL);
        defs.forEach((name, def) -> {
            names.add(name);
            if (def.hasNot()) {
                names.add(name + ".not");
            }
        });
        return names;
    }

    private static Predicate<StoredEntry> filter(Map<String, FilterDef> defs, Map<String, List<String>> raw) {
        List<Predicate<StoredEntry>> parts = new ArrayList<>();
        raw.forEach((name, values) -> {
            if (CONTROL.contains(name)) {
                return;
            }
            boolean not = name.endsWith(".not");
            FilterDef def = defs.get(not ? name.substring(0, name.length() - 4) : name);
            Set<String> wanted = new HashSet<>();
            for (String v : values) {
                wanted.add(normalise(name, def, v));
            }
            parts.add(e -> {
                String actual = e.field(def.path());
                boolean hit = actual != null && wanted.contains(actual);
                return not != hit;
            });
        });
        return e -> parts.stream().allMatch(p -> p.test(e));
    }

    private static String normalise(String name, FilterDef def, String value) {
        if (def.integer()) {
            try {
                return Integer.toString(Integer.parseInt(value));
            } catch (NumberFormatException ex) {
                throw ApiError.badRequest("invalid value '" + value + "' for '" + name + "', expected an integer");
            }
        }
        if (def.email() && !EMAIL.matcher(value).matches()) {
            throw ApiError.badRequest("invalid value '" + value + "' for '" + name + "', expected an e-mail address");
        }
        if (!def.enumValues().isEmpty() && !def.enumValues().contains(value)) {
            throw ApiError.badRequest(
                    "invalid value '" + value + "' for '" + name + "', expected one of " + def.enumValues());
        }
        return value;
    }

    private static Map<String, FilterDef> common(Set<String> actorTypes, Set<String> scopes) {
        Map<String, FilterDef> m = new LinkedHashMap<>();
        m.put("id", text("id"));
        m.put("action_result", new FilterDef("action.result", ACTION_RESULTS, true, false));
        m.put("action_type", new FilterDef("action.type", ACTION_TYPES, true, false));
        m.put("actor_context", new FilterDef("actor.context", ACTOR_CONTEXTS, true, false));
        m.put("actor_email", new FilterDef("actor.email", Set.of(), true, false, true));
        m.put("actor_id", text("actor.id"));
        m.put("actor_ip_address", text("actor.ip_address"));
        m.put("actor_token_id", text("actor.token_id"));
        m.put("actor_token_name", text("actor.token_name"));
        m.put("actor_type", new FilterDef("actor.type", actorTypes, true, false));
        m.put("raw_cf_ray_id", text("raw.cf_ray_id"));
        m.put("raw_method", text("raw.method"));
        m.put("raw_status_code", new FilterDef("raw.status_code", Set.of(), true, true));
        m.put("raw_uri", text("raw.uri"));
        m.put("resource_id", text("resource.id"));
        m.put("resource_product", text("resource.product"));
        m.put("resource_scope", new FilterDef("resource.scope", scopes, true, false));
        m.put("resource_type", text("resource.type"));
        return m;
    }

    private static Map<String, FilterDef> orgFilters() {
        return Map.copyOf(common(Set.of("cloudflare_admin", "system", "user"), Set.of("organizations")));
    }

    private static Map<String, FilterDef> accountFilters() {
        Map<String, FilterDef> m = common(
                Set.of("account", "cloudflare_admin", "system", "user"),
                Set.of("accounts", "user", "zones", "memberships"));
        m.put("account_name", text("account.name"));
        m.put("audit_log_id", text("id"));
        m.put("zone_id", text("zone.id"));
        m.put("zone_name", text("zone.name"));
        m.put("product_category", new FilterDef("resource.product", Set.of(), false, false));
        return Map.copyOf(m);
    }

    private static FilterDef text(String path) {
        return new FilterDef(path, Set.of(), true, false);
    }
}
