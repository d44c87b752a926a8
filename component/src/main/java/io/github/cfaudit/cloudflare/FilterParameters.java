package io.github.cfaudit.cloudflare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filter query parameters each endpoint has, exactly as Cloudflare's published OpenAPI document declares them
 * (shared/cloudflare-api/*.openapi.json): each key on its own, the positive form and the {@code .not} form separately
 * (the account endpoint's {@code product_category} has no {@code .not}), with the values the schema allows — an
 * enumeration, or the item type and format ({@code actor_email}: {@code format: email}; {@code raw_status_code}:
 * integers). Used to reject a {@code filter.*} option before the first request is sent, to word the documentation's
 * filter lists, and by filter push-down.
 */
public final class FilterParameters {
    /**
     * Parameters the poller sets itself; a filter may not override them. ({@code export} would turn a v1 page into
     * CSV: the poller reads JSON.)
     */
    public static final Set<String> MANAGED =
            Set.of("since", "before", "cursor", "limit", "direction", "per_page", "order", "page", "export");

    /** What a value must be, from the schema's item {@code type} and {@code format}. */
    public enum ValueType {
        /** {@code type: string} without a format: any value. */
        TEXT("any value", "", null),
        /** {@code format: email}. */
        EMAIL("an e-mail address", " such as ops@example.com", "e-mail addresses"),
        /** {@code type: integer}. */
        INTEGER("a whole number", " such as 403", "whole numbers"),
        /** {@code type: boolean}. */
        BOOLEAN("true or false", "", "true or false");

        // RFC 5321 mailbox: a dot-atom or quoted local part, a host name or an address literal
        private static final Pattern MAILBOX = Pattern.compile("(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
                + "(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|\"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*\")"
                + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                + "[A-Za-z0-9])?)*|\\[[\\x21-\\x5a\\x5e-\\x7e]+\\])");
        private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");

        private final String what;
        private final String example;
        private final String plural;

        ValueType(String what, String example, String plural) {
            this.what = what;
            this.example = example;
            this.plural = plural;
        }

        /** Whether a value has this type. */
        public boolean accepts(String value) {
            return switch (this) {
                case TEXT -> true;
                case EMAIL -> MAILBOX.matcher(value).matches();
                case INTEGER -> WHOLE_NUMBER.matcher(value).matches();
                case BOOLEAN -> value.equals("true") || value.equals("false");
            };
        }

        /** What a value is, for a message: {@code an e-mail address}. */
        public String what() {
            return what;
        }

        /** What a valid value looks like, for a message: {@code an e-mail address such as ops@example.com}. */
        public String valid() {
            return what + example;
        }

        /** The values of this type, for the documentation ({@code null} for {@link #TEXT}). */
        public String plural() {
            return plural;
        }
    }

    /**
     * One query parameter of an endpoint.
     *
     * @param name         the query key, {@code action_type} or {@code action_type.not}
     * @param type         what each value must be
     * @param values       the values the schema enumerates (empty: any value of the type)
     * @param deprecatedBy the parameter Cloudflare says to use instead, or null when it is not deprecated
     */
    public record Parameter(String name, ValueType type, List<String> values, String deprecatedBy) {
        public Parameter {
            values = List.copyOf(values);
        }

        /** Whether this is an exclusion ({@code .not}). */
        public boolean exclusion() {
            return name.endsWith(".not");
        }

        /** The name without {@code .not}. */
        public String positive() {
            return exclusion() ? name.substring(0, name.length() - 4) : name;
        }

        public boolean deprecated() {
            return deprecatedBy != null;
        }

        /** Why {@code value} is not valid for this parameter, or empty when it is. */
        public Optional<String> problem(String value) {
            if (!values.isEmpty() && !values.contains(value)) {
                return Optional.of("'" + value + "' is not valid; valid: " + String.join(", ", values));
            }
            if (!type.accepts(value)) {
                return Optional.of("'" + value + "' is not " + type.what() + "; valid: " + type.valid());
            }
            return Optional.empty();
        }

        private Parameter exclusionForm() {
            return new Parameter(name + ".not", type, values, deprecatedBy == null ? null : deprecatedBy + ".not");
        }

        private Parameter deprecatedFor(String replacement) {
            return new Parameter(name, type, values, replacement);
        }
    }

    private static final List<String> ACTION_RESULTS = List.of("success", "failure");
    private static final List<String> ACTION_TYPES = List.of("create", "delete", "view", "update");
    private static final List<String> ACTOR_CONTEXTS =
            List.of("api_key", "api_token", "dash", "oauth", "origin_ca_key");

    /** {@code GET /organizations/{organization_id}/logs/audit}. */
    private static final Map<String, Parameter> ORGANIZATION = declare(
            withNot(text("id")),
            withNot(oneOf("action_result", ACTION_RESULTS)),
            withNot(oneOf("action_type", ACTION_TYPES)),
            withNot(oneOf("actor_context", ACTOR_CONTEXTS)),
            withNot(typed("actor_email", ValueType.EMAIL)),
            withNot(text("actor_id")),
            withNot(text("actor_ip_address")),
            withNot(text("actor_token_id")),
            withNot(text("actor_token_name")),
            withNot(oneOf("actor_type", List.of("cloudflare_admin", "system", "user"))),
            withNot(text("raw_cf_ray_id")),
            withNot(text("raw_method")),
            withNot(typed("raw_status_code", ValueType.INTEGER)),
            withNot(text("raw_uri")),
            withNot(text("resource_id")),
            withNot(text("resource_product")),
            withNot(oneOf("resource_scope", List.of("organizations"))),
            withNot(text("resource_type")));

    /** {@code GET /accounts/{account_id}/logs/audit}. */
    private static final Map<String, Parameter> ACCOUNT = declare(
            withNot(text("account_name")),
            withNot(oneOf("action_result", ACTION_RESULTS)),
            withNot(oneOf("action_type", ACTION_TYPES)),
            withNot(oneOf("actor_context", ACTOR_CONTEXTS)),
            withNot(typed("actor_email", ValueType.EMAIL)),
            withNot(text("actor_id")),
            withNot(text("actor_ip_address")),
            withNot(text("actor_token_id")),
            withNot(text("actor_token_name")),
            withNot(oneOf("actor_type", List.of("account", "cloudflare_admin", "system", "user"))),
            withNot(text("audit_log_id").deprecatedFor("id")),
            withNot(text("id")),
            withNot(text("raw_cf_ray_id")),
            withNot(text("raw_method")),
            withNot(typed("raw_status_code", ValueType.INTEGER)),
            withNot(text("raw_uri")),
            withNot(text("resource_id")),
            withNot(text("resource_product")),
            withNot(text("resource_type")),
            withNot(oneOf("resource_scope", List.of("accounts", "user", "zones", "memberships"))),
            withNot(text("zone_id")),
            withNot(text("zone_name")),
            // "unknown product categories return 400"; the schema enumerates none, and has no product_category.not
            List.of(text("product_category")));

    /** {@code GET /{accounts|zones}/{id}/security-center/insights[/{issue_id}]/audit-log}: scalar parameters. */
    private static final Map<String, Parameter> INSIGHT = declare(
            List.of(oneOf("field_changed", List.of("status", "user_classification"))), List.of(text("changed_by")));

    /**
     * {@code GET /accounts/{account_id}/audit_logs} and {@code GET /user/audit_logs} (audit logs v1): scalar
     * parameters, the dotted names literal query keys, no {@code .not} forms.
     */
    private static final Map<String, Parameter> V1 = declare(List.of(
            text("id"),
            text("action.type"),
            text("actor.ip"),
            typed("actor.email", ValueType.EMAIL),
            text("zone.name"),
            typed("hide_user_logs", ValueType.BOOLEAN)));

    private FilterParameters() {}

    /** The endpoint's filter parameters by query key, in the order the schema declares them. */
    public static Map<String, Parameter> of(SourceType type) {
        return switch (type) {
            case ORGANIZATION -> ORGANIZATION;
            case ACCOUNT -> ACCOUNT;
            case INSIGHT -> INSIGHT;
            case ACCOUNT_V1, USER_V1 -> V1;
        };
    }

    /**
     * Single-valued parameters: the insight audit log and the v1 audit logs take one value per filter, not a repeated
     * key.
     */
    public static boolean repeatable(SourceType type) {
        return type.family() == EndpointFamily.AUDIT_LOGS_V2;
    }

    /** The endpoints other than {@code type} that have the parameter {@code name}. */
    public static List<SourceType> elsewhere(String name, SourceType type) {
        List<SourceType> others = new ArrayList<>();
        for (SourceType t : SourceType.values()) {
            if (t != type && of(t).containsKey(name)) {
                others.add(t);
            }
        }
        return others;
    }

    private static Parameter text(String name) {
        return new Parameter(name, ValueType.TEXT, List.of(), null);
    }

    private static Parameter typed(String name, ValueType type) {
        return new Parameter(name, type, List.of(), null);
    }

    private static Parameter oneOf(String name, List<String> values) {
        return new Parameter(name, ValueType.TEXT, values, null);
    }

    /** The parameter and its exclusion, which the schema declares with the same items. */
    private static List<Parameter> withNot(Parameter positive) {
        return List.of(positive, positive.exclusionForm());
    }

    @SafeVarargs
    private static Map<String, Parameter> declare(List<Parameter>... groups) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (List<Parameter> group : groups) {
            for (Parameter p : group) {
                if (m.put(p.name(), p) != null) {
                    throw new IllegalStateException("declared twice: " + p.name());
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
