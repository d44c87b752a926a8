package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.sink.file.FileSinkSettings;
import io.github.cfaudit.testing.MinimalConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditConfigParserTest {

    private static Map<String, String> valid() {
        return MinimalConfig.properties("acme", "all");
    }

    private static AuditConfig parse(Map<String, String> p) {
        return AuditConfigParser.parse(p, Map.of());
    }

    @Test
    void appliesDocumentedDefaults() {
        AuditConfig c = parse(valid());
        assertThat(c.api().baseUrl()).hasToString("https://api.cloudflare.com/client/v4");
        assertThat(c.stateDirectory()).hasToString("data/state");
        SourceConfig s = c.sources().get(0);
        assertThat(s.type()).isEqualTo(SourceType.ACCOUNT);
        assertThat(s.endpoint().path()).isEqualTo("/accounts/023e105f4ecef8ad9ca31a8372d0c353/logs/audit");
        assertThat(s.schedule()).isEqualTo("0 * * * * ?");
        assertThat(s.pageSize()).isEqualTo(1000);
        assertThat(s.settle()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.lookback()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.start()).isEqualTo(new StartPosition.Ago(Duration.ofDays(1)));
        assertThat(c.sinks().get(0).settings()).isEqualTo(new FileSinkSettings(java.nio.file.Path.of("/tmp/out")));
    }

    @Test
    void readsEverySourceTypeAndItsEndpoint() {
        Map<String, String> p = valid();
        p.put("cfaudit.source.org.type", "organization");
        p.put("cfaudit.source.org.organization-id", "a67e14daa5f8dceeb91fe5449ba496ef");
        p.put("cfaudit.source.zone-insights.type", "insight");
        p.put("cfaudit.source.zone-insights.zone-id", "9a7806061c88ada191ed06f989cc3dac");
        p.put("cfaudit.source.one-issue.type", "insight");
        p.put("cfaudit.source.one-issue.account-id", "023e105f4ecef8ad9ca31a8372d0c353");
        p.put("cfaudit.source.one-issue.issue-id", "issue-42");
        p.put("cfaudit.source.one-issue.start", "2026-11-01T00:00:00Z");
        Map<String, String> paths = new LinkedHashMap<>();
        parse(p).sources().forEach(s -> paths.put(s.name(), s.endpoint().path()));
        assertThat(paths)
                .containsEntry("org", "/organizations/a67e14daa5f8dceeb91fe5449ba496ef/logs/audit")
                .containsEntry(
                        "zone-insights", "/zones/9a7806061c88ada191ed06f989cc3dac/security-center/insights/audit-log")
                .containsEntry(
                        "one-issue",
                        "/accounts/023e105f4ecef8ad9ca31a8372d0c353/security-center/insights/issue-42/audit-log");
        assertThat(parse(p).sources().stream()
                        .filter(s -> s.name().equals("one-issue"))
                        .findFirst()
                        .orElseThrow()
                        .start())
                .isEqualTo(new StartPosition.At(Instant.parse("2026-11-01T00:00:00Z")));
    }

    @Test
    void pushDownIsOnUnlessTurnedOffAndTakesOnlyABoolean() {
        assertThat(parse(valid()).sources().get(0).pushDown()).isTrue();
        Map<String, String> p = valid();
        p.put("cfaudit.source.acme.push-down", "false");
        assertThat(parse(p).sources().get(0).pushDown()).isFalse();
        p.put("cfaudit.source.acme.push-down", "no");
        assertThatThrownBy(() -> parse(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cfaudit.source.acme.push-down")
                .hasMessageContaining("true or false");
    }

    @Test
    void filtersBecomeRepeatedParameters() {
        Map<String, String> p = valid();
        p.put("cfaudit.source.acme.filter.action_type.not", "view, update");
        p.put("cfaudit.source.acme.filter.actor_email", "a+b@example.com");
        assertThat(parse(p).sources().get(0).filters())
                .containsEntry("action_type.not", List.of("view", "update"))
                .containsEntry("actor_email", List.of("a+b@example.com"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "cfaudit.source.acme.type|zone|cfaudit.source.acme.type: 'zone' is not valid; valid: one of",
                "cfaudit.source.acme.page-size|5000|cfaudit.source.acme.page-size: 5000 is out of range; valid: 1 to 1000",
                "cfaudit.source.acme.page-size|many|cfaudit.source.acme.page-size: 'many' is not a whole number",
                "cfaudit.source.acme.schedule|*/5 * * * *|cfaudit.source.acme.schedule: '*/5 * * * *' is not a Quartz cron expression",
                "cfaudit.source.acme.start|yesterday|cfaudit.source.acme.start: 'yesterday' is neither an instant nor a duration; valid examples: 2026-11-01T00:00:00Z, P7D",
                "cfaudit.source.acme.settle|1m|cfaudit.source.acme.settle: '1m' is not an ISO-8601 duration",
                "cfaudit.source.acme.filter.actor_shoe_size|42|cfaudit.source.acme.filter.actor_shoe_size: the account endpoint has no parameter 'actor_shoe_size'; valid: account_name",
                "cfaudit.source.acme.filter.action_type|login|cfaudit.source.acme.filter.action_type: 'login' is not valid; valid: create, delete, view, update",
                "cfaudit.source.acme.filter.since|2026-01-01|cfaudit.source.acme.filter.since: 'since' is set by the poller itself",
                "cfaudit.source.acme.account-id|../../etc|cfaudit.source.acme.account-id: '../../etc' is not a Cloudflare id",
                "cfaudit.source.acme.acount-id|x|cfaudit.source.acme.acount-id: is not a known option",
                "cfaudit.sink.all.type|kafka|cfaudit.sink.all.type: 'kafka' is not valid; valid: one of file, endpoint, s3, syslog",
                "cfaudit.sink.all.directroy|/tmp|cfaudit.sink.all.directroy: is not a known option",
                "cfaudit.api.base-url|ftp://example.com|cfaudit.api.base-url: 'ftp://example.com' is not an http(s) URL",
                "cfaudit.source.Bad_Name.type|account|cfaudit.source.Bad_Name.type: the source name 'Bad_Name' is not valid",
            })
    void rejectsBadValuesNamingTheKeyAndWhatIsValid(String key, String value, String message) {
        Map<String, String> p = valid();
        p.put(key, value);
        assertThatThrownBy(() -> parse(p)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void missingIdIsNamed() {
        Map<String, String> p = valid();
        p.remove("cfaudit.source.acme.account-id");
        assertThatThrownBy(() -> parse(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.source.acme.account-id: is required");
    }

    @Test
    void insightNeedsExactlyOneOfAccountOrZone() {
        Map<String, String> p = valid();
        p.put("cfaudit.source.ins.type", "insight");
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining("cfaudit.source.ins.account-id: an insight source needs exactly one of");
        p.put("cfaudit.source.ins.account-id", "a1");
        p.put("cfaudit.source.ins.zone-id", "z1");
        assertThatThrownBy(() -> parse(p)).hasMessageContaining("exactly one of");
    }

    @Test
    void insightFiltersAreSingleValued() {
        Map<String, String> p = valid();
        p.put("cfaudit.source.ins.type", "insight");
        p.put("cfaudit.source.ins.zone-id", "z1");
        p.put("cfaudit.source.ins.filter.field_changed", "status,user_classification");
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining("cfaudit.source.ins.filter.field_changed: takes a single value");
    }

    @Test
    void missingCredentialsAreNamed() {
        Map<String, String> p = valid();
        p.remove("cfaudit.api.token");
        assertThatThrownBy(() -> parse(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "cfaudit.api.token: no credentials: set cfaudit.api.token or cfaudit.api.token-file (or the environment variable "
                                + "CLOUDFLARE_API_TOKEN), or cfaudit.api.email plus cfaudit.api.key");
        p.put("cfaudit.api.email", "ops@example.com");
        assertThatThrownBy(() -> parse(p)).hasMessageContaining("cfaudit.api.key: is required with cfaudit.api.email");
    }

    @Test
    void tokenDefaultsToTheEnvironment() {
        Map<String, String> p = valid();
        p.remove("cfaudit.api.token");
        AuditConfig c = AuditConfigParser.parse(p, Map.of("CLOUDFLARE_API_TOKEN", "from-env"));
        assertThat(c.api().credentials().headers()).containsEntry("Authorization", "Bearer from-env");
    }

    @Test
    void legacyKeyUsesEmailAndKeyHeaders() {
        Map<String, String> p = valid();
        p.remove("cfaudit.api.token");
        p.put("cfaudit.api.email", "ops@example.com");
        p.put("cfaudit.api.key", "global-key-value");
        assertThat(parse(p).api().credentials().headers())
                .containsEntry("X-Auth-Email", "ops@example.com")
                .containsEntry("X-Auth-Key", "global-key-value");
    }

    @Test
    void noSourceOrNoSinkIsAnError() {
        Map<String, String> p = valid();
        p.keySet().removeIf(k -> k.startsWith("cfaudit.sink."));
        assertThatThrownBy(() -> parse(p)).hasMessageContaining("cfaudit.sink: no sink is configured");
        Map<String, String> q = valid();
        q.keySet().removeIf(k -> k.startsWith("cfaudit.source."));
        assertThatThrownBy(() -> parse(q)).hasMessageContaining("cfaudit.source: no source is configured");
    }

    @Test
    void printedConfigurationHidesSecrets() {
        Map<String, String> p = valid();
        assertThat(parse(p).toString()).doesNotContain(MinimalConfig.TOKEN).contains("******");
        p.remove("cfaudit.api.token");
        p.put("cfaudit.api.email", "ops@example.com");
        p.put("cfaudit.api.key", "global-key-value");
        assertThat(parse(p).toString()).doesNotContain("global-key-value");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "${body[action][result] == 'failure'|is not a valid Simple predicate",
                "jsonpath:$[?(@.action.result == |is not a valid JsonPath predicate",
            })
    void unparsablePredicateFailsAtStartupNamingTheKey(String when, String message) throws Exception {
        Map<String, String> p = valid();
        p.put("cfaudit.sink.all.when", when);
        CloudflareAuditRoutes routes = CloudflareAuditRoutes.of(parse(p)).withoutSchedule();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThatThrownBy(() -> context.addRoutes(routes))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("cfaudit.sink.all.when: ")
                    .hasMessageContaining(message);
        }
    }
}
