package io.github.cfaudit.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.cloudflare.FilterParameters.Parameter;
import io.github.cfaudit.cloudflare.FilterParameters.ValueType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The declared filter parameters are exactly those of Cloudflare's published OpenAPI document: the fragments in
 * {@code src/test/resources/cloudflare-api} are copies of shared/cloudflare-api/*.openapi.json.
 */
class FilterParametersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEPRECATED = Pattern.compile("Deprecated in favour of (\\w+)");

    /** What the fragment declares of one query parameter, in the declaration's terms. */
    record Declared(String name, ValueType type, List<String> values, String deprecatedBy) {}

    @ParameterizedTest
    @EnumSource(SourceType.class)
    void eachEndpointHasExactlyTheFilterParametersItsSchemaDeclares(SourceType type) throws Exception {
        Map<String, Declared> schema = schemaFilters(type);
        Map<String, Declared> declared = new LinkedHashMap<>();
        FilterParameters.of(type)
                .forEach((name, p) -> declared.put(name, new Declared(name, p.type(), p.values(), p.deprecatedBy())));
        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(schema.keySet());
        schema.forEach((name, d) -> assertThat(declared.get(name)).as(name).isEqualTo(d));
    }

    @Test
    void theFormsThatExistAndThoseThatDoNot() {
        Map<String, Parameter> account = FilterParameters.of(SourceType.ACCOUNT);
        Map<String, Parameter> organization = FilterParameters.of(SourceType.ORGANIZATION);
        assertThat(account).containsKey("product_category").doesNotContainKey("product_category.not");
        assertThat(account.get("audit_log_id").deprecatedBy()).isEqualTo("id");
        assertThat(account.get("audit_log_id.not").deprecatedBy()).isEqualTo("id.not");
        assertThat(organization)
                .doesNotContainKeys(
                        "account_name",
                        "account_name.not",
                        "zone_id",
                        "zone_id.not",
                        "zone_name",
                        "zone_name.not",
                        "product_category",
                        "product_category.not",
                        "audit_log_id",
                        "audit_log_id.not");
        assertThat(organization.get("actor_type").values()).containsExactly("cloudflare_admin", "system", "user");
        assertThat(account.get("actor_type").values()).containsExactly("account", "cloudflare_admin", "system", "user");
        assertThat(organization.get("resource_scope.not").values()).containsExactly("organizations");
        assertThat(account.get("resource_scope").values()).containsExactly("accounts", "user", "zones", "memberships");
        assertThat(FilterParameters.of(SourceType.INSIGHT)).containsOnlyKeys("field_changed", "changed_by");
        // v1: the dotted names are literal keys, none has a .not form, export (CSV) and page are the poller's
        assertThat(FilterParameters.of(SourceType.ACCOUNT_V1))
                .isEqualTo(FilterParameters.of(SourceType.USER_V1))
                .containsOnlyKeys("id", "action.type", "actor.ip", "actor.email", "zone.name", "hide_user_logs");
        assertThat(FilterParameters.MANAGED).contains("page", "export", "per_page", "direction");
        assertThat(FilterParameters.repeatable(SourceType.ACCOUNT_V1)).isFalse();
        Parameter hide = FilterParameters.of(SourceType.USER_V1).get("hide_user_logs");
        assertThat(hide.problem("true")).isEmpty();
        assertThat(hide.problem("yes")).hasValue("'yes' is not true or false; valid: true or false");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ops@example.com",
                "a+b@example.com",
                "first.last@sub.example.co.uk",
                "o'brien@example.com",
                "\"quoted local\"@example.com",
                "root@localhost",
                "ops@[192.0.2.1]"
            })
    void eMailAddressesAreAccepted(String value) {
        assertThat(ValueType.EMAIL.accepts(value)).isTrue();
        assertThat(FilterParameters.of(SourceType.ACCOUNT).get("actor_email").problem(value))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"not-an-email", "ops@", "@example.com", "a@b@example.com", "o ps@example.com", "ops@-x.com", ""})
    void whatIsNoEMailAddressIsRejected(String value) {
        assertThat(ValueType.EMAIL.accepts(value)).isFalse();
        assertThat(FilterParameters.of(SourceType.ORGANIZATION)
                        .get("actor_email.not")
                        .problem(value))
                .hasValueSatisfying(m -> assertThat(m)
                        .startsWith("'" + value + "' is not an e-mail address")
                        .contains("valid: an e-mail address such as"));
    }

    @Test
    void statusCodesAreWholeNumbers() {
        Parameter status = FilterParameters.of(SourceType.ACCOUNT).get("raw_status_code");
        assertThat(status.problem("403")).isEmpty();
        for (String bad : List.of("abc", "4o4", "403.0", "", " 403", "4e2")) {
            assertThat(status.problem(bad))
                    .as(bad)
                    .hasValueSatisfying(m -> assertThat(m).contains("is not a whole number"));
        }
        assertThat(FilterParameters.of(SourceType.ACCOUNT).get("action_type").problem("login"))
                .hasValue("'login' is not valid; valid: create, delete, view, update");
        assertThat(FilterParameters.of(SourceType.ACCOUNT)
                        .get("product_category")
                        .problem("anything"))
                .as("the schema enumerates no product category")
                .isEmpty();
    }

    /** The query parameters of the endpoint's operations that are filters (not the poller's own), as declared. */
    static Map<String, Declared> schemaFilters(SourceType type) throws Exception {
        String file = switch (type) {
            case ORGANIZATION -> "organization-audit-logs";
            case ACCOUNT -> "account-audit-logs";
            case INSIGHT -> "insights-audit-log";
            case ACCOUNT_V1, USER_V1 -> "v1-audit-logs";
        };
        JsonNode doc;
        try (InputStream in =
                FilterParametersTest.class.getResourceAsStream("/cloudflare-api/" + file + ".openapi.json")) {
            doc = JSON.readTree(in);
        }
        Map<String, Declared> filters = new LinkedHashMap<>();
        for (JsonNode path : doc.get("paths")) {
            JsonNode get = path.get("get");
            for (JsonNode parameter : get.get("parameters")) {
                JsonNode p = parameter.has("$ref")
                        ? resolve(doc, parameter.get("$ref").asText())
                        : parameter;
                String name = p.get("name").asText();
                if (!p.get("in").asText().equals("query") || FilterParameters.MANAGED.contains(name)) {
                    continue;
                }
                JsonNode schema = p.get("schema");
                // the v2 filters are arrays of items (repeated keys); the insight and v1 ones are scalars
                JsonNode item = schema.get("type").asText().equals("array") ? schema.get("items") : schema;
                ValueType valueType = switch (item.get("type").asText()) {
                    case "integer" -> ValueType.INTEGER;
                    case "boolean" -> ValueType.BOOLEAN;
                    default -> "email".equals(item.path("format").asText()) ? ValueType.EMAIL : ValueType.TEXT;
                };
                List<String> values = new ArrayList<>();
                item.path("enum").forEach(v -> values.add(v.asText()));
                Matcher deprecated =
                        DEPRECATED.matcher(schema.path("description").asText());
                // the fragments say it in the description ("Deprecated in favour of id"), not with deprecated: true
                String by = deprecated.find() ? deprecated.group(1) + (name.endsWith(".not") ? ".not" : "") : null;
                Declared d = new Declared(name, valueType, values, by);
                Declared before = filters.putIfAbsent(name, d);
                assertThat(before)
                        .as("the operations of " + file + " declare " + name + " alike")
                        .isIn(null, d);
            }
        }
        return filters;
    }

    private static JsonNode resolve(JsonNode doc, String ref) {
        return doc.at(ref.substring(1));
    }
}
