package io.github.cfaudit.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which sink predicates become which filters, and which do not. */
class PushDownTest {
    static final SourceConfig ORG =
            source("org", AuditEndpoint.organization("a67e14daa5f8dceeb91fe5449ba496ef"), Map.of());
    static final SourceConfig INSIGHTS =
            source("ins", AuditEndpoint.insight("zones", "9a7806061c88ada191ed06f989cc3dac", null), Map.of());

    static SourceConfig source(String name, AuditEndpoint endpoint, Map<String, List<String>> filters) {
        return new SourceConfig(
                name,
                endpoint,
                "0 * * * * ?",
                new StartPosition.At(Instant.EPOCH),
                1000,
                Duration.ZERO,
                Duration.ZERO,
                10,
                filters);
    }

    /** The filters pushed down for sinks with these predicates (null: a sink without one). */
    static Map<String, List<String>> plan(SourceConfig source, String... whens) {
        List<SinkRoute> routes = new ArrayList<>();
        for (int i = 0; i < whens.length; i++) {
            String w = whens[i];
            SinkPredicate p = w == null
                    ? null
                    : new SinkPredicate(
                            w,
                            e -> false,
                            w.startsWith("jsonpath:")
                                    ? JsonPathFastPath.parse(w.substring(9))
                                    : SimpleFastPath.parse(w));
            routes.add(new SinkRoute(new FastPathEquivalenceTest.NamedSink("s" + i), p));
        }
        return PushDown.plan(source, routes, EntrySelector.of(source, routes), new ArrayList<>());
    }

    @Test
    void conjunctionsAndAlternativesThatAreOneFilterSet() {
        assertThat(plan(ORG, "${body[action][result]} == 'failure' && ${body[actor][type]} == 'user'"))
                .isEqualTo(Map.of("action_result", List.of("failure"), "actor_type", List.of("user")));
        assertThat(plan(ORG, "${body[action][result]} == 'failure'", "jsonpath:$[?(@.action.result == 'failure')]"))
                .isEqualTo(Map.of("action_result", List.of("failure")));
        assertThat(plan(ORG, "${body[action][type]} in 'create,update'", "jsonpath:$[?(@.action.type == 'delete')]"))
                .isEqualTo(Map.of("action_type", List.of("create", "update", "delete")));
        // a set inside another adds nothing
        assertThat(plan(
                        ORG,
                        "${body[action][result]} == 'failure' && ${body[actor][type]} == 'user'",
                        "${body[action][result]} == 'failure'"))
                .isEqualTo(Map.of("action_result", List.of("failure")));
        assertThat(plan(ORG, "${body[action][type]} == 'delete' || ${body[action][type]} == 'create'"))
                .containsOnlyKeys("action_type");
        // a sink this source does not feed does not count
        assertThat(plan(ORG, "${header.CloudflareAuditSource} == 'other'", "${body[actor][email]} == 'a@example.com'"))
                .isEqualTo(Map.of("actor_email", List.of("a@example.com")));
        assertThat(plan(INSIGHTS, "${body[field_changed]} == 'status'"))
                .isEqualTo(Map.of("field_changed", List.of("status")));
    }

    @Test
    void jsonPathConjunctionsPushDownAsTheSimpleOnesDo() {
        Map<String, List<String>> failuresByUsers =
                Map.of("action_result", List.of("failure"), "actor_type", List.of("user"));
        assertThat(plan(ORG, "jsonpath:$[?(@.action.result == 'failure' && @.actor.type == 'user')]"))
                .isEqualTo(failuresByUsers)
                .isEqualTo(plan(ORG, "${body[action][result]} == 'failure' && ${body[actor][type]} == 'user'"));
        assertThat(plan(ORG, "jsonpath:$[?(@.action.type in ['create', 'update'] && @.actor.type == 'user')]"))
                .isEqualTo(Map.of("action_type", List.of("create", "update"), "actor_type", List.of("user")));
        // a group of alternatives on one key inside the &&
        assertThat(
                        plan(
                                ORG,
                                "jsonpath:$[?(@.action.result == 'failure' && (@.actor.type == 'user' || @.actor.type == 'system'))]"))
                .isEqualTo(Map.of("action_result", List.of("failure"), "actor_type", List.of("user", "system")));
        assertThat(
                        plan(
                                ORG,
                                "jsonpath:$[?(@.action.result == 'failure' && @.actor.type == 'user' || @.action.result == 'failure' && @.actor.type == 'system')]"))
                .isEqualTo(Map.of("action_result", List.of("failure"), "actor_type", List.of("user", "system")));
        for (String when : List.of(
                "jsonpath:$[?(@.action.result == 'failure' || @.actor.type == 'user')]",
                "jsonpath:$[?(@.action.result == 'failure' && (@.actor.type == 'user' || @.action.type == 'delete'))]",
                "jsonpath:$[?(@.action.result == 'failure' && @.actor.type != 'user')]",
                "jsonpath:$[?(@.action.result == 'failure' && @.actor.email =~ /a.*/)]",
                "jsonpath:$[?(@.action.result == 'failure' && @.action.result == 'success')]")) {
            assertThat(plan(ORG, when)).as(when).isNull();
        }
    }

    @Test
    void nothingWhenTheUnionIsNotExactlyAFilterSet() {
        for (String[] whens : List.of(
                new String[] {null, "${body[action][result]} == 'failure'"},
                new String[] {"${body[action][result]} == 'failure'", "${body[actor][type]} == 'user'"},
                new String[] {"${body[action][result]} == 'failure' || ${body[actor][type]} == 'user'"},
                new String[] {"${body[action][result]} != 'failure'"},
                new String[] {"${body[action][result]} regex 'fail.*'"},
                new String[] {"${body[action][result]} == 'FAILURE'"},
                new String[] {"${body[raw][status_code]} == '200'"},
                new String[] {"${body[zone][name]} == 'example.com'"},
                new String[] {"${body[action][result]} =~ 'failure'"},
                new String[] {"${header.CloudflareAuditSource} == 'org'"},
                new String[] {"${header.CloudflareAuditSource} == 'other'"},
                new String[] {
                    "${body[action][type]} == 'create' && ${body[action][result]} == 'failure'",
                    "${body[action][type]} == 'update' && ${body[action][result]} == 'success'"
                })) {
            assertThat(plan(ORG, whens)).as(Arrays.toString(whens)).isNull();
        }
        assertThat(plan(INSIGHTS, "${body[field_changed]} in 'status,user_classification'"))
                .as("one value only")
                .isNull();
        SourceConfig filtered = source("org", ORG.endpoint(), Map.of("action_result", List.of("success")));
        assertThat(plan(filtered, "${body[action][result]} == 'failure'"))
                .as("a key the source filters")
                .isNull();
    }

    @Test
    void aValueTheParametersSchemaRejectsIsNotPushed() {
        // actor_email is format: email; the API would answer 400 to actor_email=ops, and fail every run
        assertThat(plan(ORG, "${body[actor][email]} == 'ops'")).isNull();
        assertThat(plan(ORG, "${body[actor][email]} in 'ops@example.com,ops'")).isNull();
        assertThat(plan(ORG, "jsonpath:$[?(@.actor.email == 'not-an-email' && @.action.result == 'failure')]"))
                .isNull();
        assertThat(plan(ORG, "${body[actor][email]} == 'ops@example.com'"))
                .isEqualTo(Map.of("actor_email", List.of("ops@example.com")));
        SourceConfig account = source("acct", AuditEndpoint.account("023e105f4ecef8ad9ca31a8372d0c353"), Map.of());
        assertThat(plan(account, "${body[actor][type]} == 'account'"))
                .isEqualTo(Map.of("actor_type", List.of("account")));
        assertThat(plan(ORG, "${body[actor][type]} == 'account'"))
                .as("not among the organization endpoint's actor types")
                .isNull();
        assertThat(plan(ORG, "${body[zone][id]} == 'z1'"))
                .as("no zone_id on the organization endpoint")
                .isNull();
    }

    @Test
    void v1FiltersTakeOneValueUnderTheFieldsOwnDottedName() {
        SourceConfig v1 = source("v1", AuditEndpoint.accountV1("023e105f4ecef8ad9ca31a8372d0c353"), Map.of());
        SourceConfig user = source("me", AuditEndpoint.userV1(), Map.of());
        assertThat(plan(v1, "${body[action][type]} == 'login' && ${body[actor][email]} == 'a@example.com'"))
                .isEqualTo(Map.of("action.type", List.of("login"), "actor.email", List.of("a@example.com")));
        assertThat(plan(user, "jsonpath:$[?(@.actor.ip == '192.0.2.1')]"))
                .isEqualTo(Map.of("actor.ip", List.of("192.0.2.1")));
        // one value a filter: two alternatives cannot be asked for
        assertThat(plan(v1, "${body[action][type]} in 'login,add'")).isNull();
        // not the v2 names, and no zone.name: a v1 entry has no such field
        assertThat(plan(v1, "${body[action][result]} == 'failure'")).isNull();
        assertThat(plan(v1, "${body[zone][name]} == 'example.com'")).isNull();
    }
}
