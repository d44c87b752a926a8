package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.cfaudit.cloudflare.FilterParameters;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.testing.LogCapture;
import io.github.cfaudit.testing.MinimalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cfaudit.source.<name>.filter.*}: only the keys and values the endpoint's published schema declares. */
class FilterOptionsTest {

    /** A valid configuration with one source {@code s} of {@code type}. */
    private static Map<String, String> source(String type) {
        Map<String, String> p = MinimalConfig.properties("s", "all");
        p.put("cfaudit.source.s.type", type);
        if (type.equals("organization")) {
            p.remove("cfaudit.source.s.account-id");
            p.put("cfaudit.source.s.organization-id", "a67e14daa5f8dceeb91fe5449ba496ef");
        }
        return p;
    }

    private static AuditConfig parse(Map<String, String> p) {
        return AuditConfigParser.parse(p, Map.of());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "account, product_category.not, ('product_category' has no '.not' form)",
        "account, actor_shoe_size, ''",
        "account, field_changed, (only the insight endpoint has it)",
        "organization, account_name, (only the account endpoint has it)",
        "organization, account_name.not, (only the account endpoint has it)",
        "organization, zone_id, (only the account endpoint has it)",
        "organization, zone_id.not, (only the account endpoint has it)",
        "organization, zone_name, (only the account endpoint has it)",
        "organization, zone_name.not, (only the account endpoint has it)",
        "organization, product_category, (only the account endpoint has it)",
        "organization, product_category.not, ''",
        "organization, audit_log_id, (only the account endpoint has it)",
        "organization, audit_log_id.not, (only the account endpoint has it)",
        "insight, field_changed.not, ('field_changed' has no '.not' form)",
        "insight, action_type, (only the organization and account endpoints have it)",
    })
    void aKeyTheEndpointDoesNotDeclareIsRejectedNamingItAndListingTheValidOnes(String type, String param, String why) {
        Map<String, String> p = source(type);
        if (type.equals("insight")) {
            p.put("cfaudit.source.s.zone-id", "9a7806061c88ada191ed06f989cc3dac");
            p.remove("cfaudit.source.s.account-id");
        }
        String key = "cfaudit.source.s.filter." + param;
        p.put(key, "x");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(p));
        assertThat(e).as(key + " was accepted").isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage())
                .startsWith(key + ": the " + type + " endpoint has no parameter '" + param + "'"
                        + (why.isEmpty() ? "" : " " + why) + "; valid: ");
        Set<String> listed = new TreeSet<>(Arrays.asList(e.getMessage()
                .substring(e.getMessage().indexOf("; valid: ") + 9)
                .split(", ")));
        SourceType sourceType = SourceType.valueOf(type.toUpperCase());
        assertThat(listed).isEqualTo(FilterParameters.of(sourceType).keySet());
        assertThat(listed).doesNotContain(param);
        if (type.equals("account")) {
            assertThat(listed).contains("product_category", "account_name.not", "audit_log_id.not");
        }
    }

    @Test
    void theDeprecatedAuditLogIdIsAcceptedWithAWarningNamingTheKey() {
        Map<String, String> p = source("account");
        p.put("cfaudit.source.s.filter.audit_log_id", "e1");
        p.put("cfaudit.source.s.filter.audit_log_id.not", "e2");
        try (LogCapture log = LogCapture.of(SourceParser.class)) {
            assertThat(parse(p).sources().get(0).filters())
                    .containsEntry("audit_log_id", List.of("e1"))
                    .containsEntry("audit_log_id.not", List.of("e2"));
            assertThat(log.all())
                    .contains("WARN " + SourceParser.class.getName() + " - cfaudit.source.s.filter.audit_log_id: "
                            + "Cloudflare deprecated 'audit_log_id' in favour of 'id'")
                    .contains("use cfaudit.source.s.filter.id instead")
                    .contains("cfaudit.source.s.filter.audit_log_id.not: Cloudflare deprecated 'audit_log_id.not' in "
                            + "favour of 'id.not'");
        }
        try (LogCapture log = LogCapture.of(SourceParser.class)) {
            Map<String, String> q = source("account");
            q.put("cfaudit.source.s.filter.id", "e1");
            parse(q);
            assertThat(log.messages()).as("no warning for a current key").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "account|actor_email|not-an-email|'not-an-email' is not an e-mail address; valid: an e-mail address",
                "account|actor_email.not|ops@example.com,ops@|'ops@' is not an e-mail address",
                "organization|actor_email|a@b@example.com|'a@b@example.com' is not an e-mail address",
                "account|raw_status_code|abc|'abc' is not a whole number; valid: a whole number such as 403",
                "organization|raw_status_code.not|200,4o4|'4o4' is not a whole number",
                "account|actor_type|admin|'admin' is not valid; valid: account, cloudflare_admin, system, user",
                "organization|actor_type|account|'account' is not valid; valid: cloudflare_admin, system, user",
                "organization|resource_scope.not|accounts|'accounts' is not valid; valid: organizations",
                "account|resource_scope|organizations|'organizations' is not valid; valid: accounts, user, zones, memberships",
                "account-v1|action_type|update|the account-v1 endpoint has no parameter 'action_type' (only the "
                        + "organization and account endpoints have it); valid: action.type, actor.email, actor.ip, "
                        + "hide_user_logs, id, zone.name",
                "user-v1|action.type.not|login|the user-v1 endpoint has no parameter 'action.type.not' ('action.type' "
                        + "has no '.not' form)",
                "account-v1|action.type|login,add|takes a single value on the account-v1 endpoint",
                "user-v1|hide_user_logs|yes|'yes' is not true or false; valid: true or false",
                "account-v1|actor.email|not-an-email|'not-an-email' is not an e-mail address",
                "account-v1|export|true|'export' is set by the poller itself and cannot be a filter",
                "user-v1|page|2|'page' is set by the poller itself and cannot be a filter",
                "account-v1|per_page|5|'per_page' is set by the poller itself and cannot be a filter",
            })
    void aValueIsCheckedByTheSchemasTypeAndEnumNamingTheKey(String type, String param, String value, String message) {
        Map<String, String> p = typedSource(type);
        String key = "cfaudit.source.s.filter." + param;
        p.put(key, value);
        assertThatThrownBy(() -> parse(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void everyFormTheSchemaDeclaresIsAccepted() {
        Map<String, String> p = source("account");
        p.put("cfaudit.source.s.filter.product_category", "zerotrust, ssl");
        p.put("cfaudit.source.s.filter.raw_status_code", "403,500");
        p.put("cfaudit.source.s.filter.raw_status_code.not", "200");
        p.put("cfaudit.source.s.filter.actor_email", "a+b@example.com,first.last@sub.example.co.uk");
        p.put("cfaudit.source.s.filter.zone_name.not", "example.com");
        p.put("cfaudit.source.s.filter.actor_type", "account");
        assertThat(parse(p).sources().get(0).filters())
                .containsEntry("product_category", List.of("zerotrust", "ssl"))
                .containsEntry("raw_status_code", List.of("403", "500"))
                .containsEntry("raw_status_code.not", List.of("200"))
                .containsEntry("actor_email", List.of("a+b@example.com", "first.last@sub.example.co.uk"))
                .containsEntry("zone_name.not", List.of("example.com"))
                .containsEntry("actor_type", List.of("account"));
    }

    @Test
    void theDocumentedFilterListsSayWhichFormsExist() throws Exception {
        String account = SourceOptions.filters(SourceType.ACCOUNT);
        assertThat(account)
                .contains("`product_category`")
                .contains("`audit_log_id` (deprecated by Cloudflare, use `id`)")
                .contains("`actor_email` (e-mail addresses)")
                .contains("`raw_status_code` (whole numbers)")
                .contains("`actor_type` (account, cloudflare_admin, system, user)")
                .endsWith("; each also with `.not` except `product_category`.");
        String organization = SourceOptions.filters(SourceType.ORGANIZATION);
        assertThat(organization)
                .doesNotContain("account_name", "zone_id", "zone_name", "product_category", "audit_log_id")
                .endsWith(", each also with `.not`.");
        assertThat(SourceOptions.filters(SourceType.INSIGHT))
                .isEqualTo(
                        "Filters (`filter.<api-param>`): `changed_by`, `field_changed` (status, user_classification), "
                                + "one value each.");
        // the generated reference says the same (ConfigurationDocsTest keeps it generated)
        assertThat(Files.readString(Path.of("docs/configuration.md"))).contains(account, organization);
    }

    /** A valid configuration with one source {@code s} of the type (the v1 user source has no account id). */
    private static Map<String, String> typedSource(String type) {
        Map<String, String> p = source(type);
        if (type.equals("user-v1")) {
            p.remove("cfaudit.source.s.account-id");
        }
        return p;
    }

    @Test
    void everyV1FilterTheFragmentDeclaresIsAcceptedWithOneValue() {
        Map<String, String> p = typedSource("account-v1");
        p.put("cfaudit.source.s.filter.id", "f174be97-19b1-40d6-954d-70cd5fbd52db");
        p.put("cfaudit.source.s.filter.action.type", "add");
        p.put("cfaudit.source.s.filter.actor.ip", "17.168.228.0/24");
        p.put("cfaudit.source.s.filter.actor.email", "alice@example.com");
        p.put("cfaudit.source.s.filter.zone.name", "example.com");
        p.put("cfaudit.source.s.filter.hide_user_logs", "true");
        SourceConfig source = parse(p).sources().get(0);
        assertThat(source.type()).isEqualTo(SourceType.ACCOUNT_V1);
        assertThat(source.endpoint().path()).isEqualTo("/accounts/023e105f4ecef8ad9ca31a8372d0c353/audit_logs");
        assertThat(source.filters())
                .containsOnlyKeys("id", "action.type", "actor.ip", "actor.email", "zone.name", "hide_user_logs")
                .containsEntry("actor.ip", List.of("17.168.228.0/24"));
        assertThat(SourceOptions.filters(SourceType.ACCOUNT_V1))
                .isEqualTo("Filters (`filter.<api-param>`): `action.type`, `actor.email` (e-mail addresses), "
                        + "`actor.ip`, `hide_user_logs` (true or false), `id`, `zone.name`, one value each.");
    }

    @Test
    void userV1HasNoIdOptionAndAccountV1NeedsItsAccount() {
        Map<String, String> user = typedSource("user-v1");
        SourceConfig source = parse(user).sources().get(0);
        assertThat(source.endpoint().path()).isEqualTo("/user/audit_logs");
        assertThat(source.endpoint().accountId()).isEmpty();
        user.put("cfaudit.source.s.account-id", "023e105f4ecef8ad9ca31a8372d0c353");
        assertThatThrownBy(() -> parse(user))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cfaudit.source.s.account-id");
        Map<String, String> account = typedSource("account-v1");
        account.remove("cfaudit.source.s.account-id");
        assertThatThrownBy(() -> parse(account))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.source.s.account-id: is required");
    }
}
