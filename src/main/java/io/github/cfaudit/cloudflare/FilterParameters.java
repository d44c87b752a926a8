package io.github.cfaudit.cloudflare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filter query parameters each endpoint accepts (from Cloudflare's OpenAPI description), with their allowed
 * values where the API enumerates them. Used to reject a {@code filter.*} option the endpoint does not have before
 * the first request is sent.
 */
public final class FilterParameters {
    /** Parameters the poller sets itself; a filter may not override them. */
    public static final Set<String> MANAGED =
            Set.of("since", "before", "cursor", "limit", "direction", "per_page", "order");

    private static final List<String> ACTION_TYPES = List.of("create", "delete", "view", "update");
    private static final List<String> ACTION_RESULTS = List.of("success", "failure");
    private static final List<String> ACTOR_CONTEXTS =
            List.of("api_key", "api_token", "dash", "oauth", "origin_ca_key");

    private static final Map<String, List<String>> ORGANIZATION = withExclusions(fields(
            "id",
            null,
            "action_result",
            ACTION_RESULTS,
            "action_type",
            ACTION_TYPES,
            "actor_context",
            ACTOR_CONTEXTS,
            "actor_email",
            null,
            "actor_id",
            null,
            "actor_ip_address",
            null,
            "actor_token_id",
            null,
            "actor_token_name",
            null,
            "actor_type",
            List.of("cloudflare_admin", "system", "user"),
            "raw_cf_ray_id",
            null,
            "raw_method",
            null,
            "raw_status_code",
            null,
            "raw_uri",
            null,
            "resource_id",
            null,
            "resource_product",
            null,
            "resource_scope",
            List.of("organizations"),
            "resource_type",
            null));

    private static final Map<String, List<String>> ACCOUNT = withExclusions(fields(
            "account_name",
            null,
            "action_result",
            ACTION_RESULTS,
            "action_type",
            ACTION_TYPES,
            "actor_context",
            ACTOR_CONTEXTS,
            "actor_email",
            null,
            "actor_id",
            null,
            "actor_ip_address",
            null,
            "actor_token_id",
            null,
            "actor_token_name",
            null,
            "actor_type",
            List.of("account", "cloudflare_admin", "system", "user"),
            "audit_log_id",
            null,
            "id",
            null,
            "raw_cf_ray_id",
            null,
            "raw_method",
            null,
            "raw_status_code",
            null,
            "raw_uri",
            null,
            "resource_id",
            null,
            "resource_product",
            null,
            "resource_type",
            null,
            "resource_scope",
            List.of("accounts", "user", "zones", "memberships"),
            "zone_id",
            null,
            "zone_name",
            null,
            "product_category",
            null));

    private static final Map<String, List<String>> INSIGHT =
            fields("field_changed", List.of("status", "user_classification"), "changed_by", null);

    private FilterParameters() {}

    /** Parameter name to allowed values (an empty list: any value). */
    public static Map<String, List<String>> of(SourceType type) {
        return switch (type) {
            case ORGANIZATION -> ORGANIZATION;
            case ACCOUNT -> ACCOUNT;
            case INSIGHT -> INSIGHT;
        };
    }

    /** Single-valued parameters: the insight audit log takes one value per filter, not a repeated key. */
    public static boolean repeatable(SourceType type) {
        return type != SourceType.INSIGHT;
    }

    private static Map<String, List<String>> fields(Object... nameThenValues) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) nameThenValues[i + 1];
            m.put((String) nameThenValues[i], values == null ? List.of() : values);
        }
        return m;
    }

    private static Map<String, List<String>> withExclusions(Map<String, List<String>> positive) {
        Map<String, List<String>> m = new LinkedHashMap<>(positive);
        positive.forEach((k, v) -> m.put(k + ".not", v));
        return Map.copyOf(m);
    }
}
