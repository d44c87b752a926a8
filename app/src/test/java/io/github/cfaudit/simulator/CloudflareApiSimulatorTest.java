package io.github.cfaudit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CloudflareApiSimulatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String ORG = "a67e14daa5f8dceeb91fe5449ba496ef";
    private static final String ACCOUNT = "4bb334f7c94c4a29a045f03944f072e5";
    private static final String ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final Instant T0 = Instant.parse("2024-10-30T00:00:00Z");
    private static final String WINDOW = "since=2024-10-30T00:00:00Z&before=2024-10-31T00:00:00Z";

    private CloudflareApiSimulator sim;
    private final SyntheticAuditData data = new SyntheticAuditData(7);

    @BeforeEach
    void start() {
        sim = CloudflareApiSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- paging -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CursorPlacement.class)
    void pagingCollectsEveryEntryOnceInOrder(CursorPlacement placement) throws Exception {
        List<String> ids = data.populateOrganization(sim, ORG, 237, T0, T0.plusSeconds(3600));
        sim.setCursorPlacement(placement);
        String path = "/organizations/" + ORG + "/logs/audit";

        List<String> asc = collect(path, WINDOW + "&direction=asc&limit=40", placement);
        assertThat(asc).containsExactlyElementsOf(sim.organizationIds(ORG)).hasSize(237);
        assertThat(new HashSet<>(asc)).containsExactlyInAnyOrderElementsOf(ids);

        List<String> desc = collect(path, WINDOW + "&limit=50", placement);
        List<String> reversed = new ArrayList<>(asc);
        Collections.reverse(reversed);
        assertThat(desc).containsExactlyElementsOf(reversed);
    }

    @Test
    void v2EnvelopeShapeCountIsStringAndCursorAbsentOnLastPage() throws Exception {
        data.populateAccount(sim, ACCOUNT, 3, T0, T0.plusSeconds(60));
        JsonNode body = json(get("/accounts/" + ACCOUNT + "/logs/audit?since=2024-10-30&before=2024-10-31"));
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("errors").isArray()).isTrue();
        assertThat(body.get("result")).hasSize(3);
        assertThat(body.at("/result_info/count").isTextual()).isTrue();
        assertThat(body.at("/result_info/count").asText()).isEqualTo("3");
        assertThat(body.get("result_info").has("cursor")).isFalse();
        assertThat(body.get("result_info").has("cursors")).isFalse();
    }

    @Test
    void insightAuditLogPagesAndFiltersByIssue() throws Exception {
        List<String> ids =
                data.populateInsights(sim, "zones", ZONE, List.of("issueA", "issueB"), 60, T0, T0.plusSeconds(600));
        String base = "/zones/" + ZONE + "/security-center/insights/audit-log";
        List<String> all = collectInsights(base, "order=asc&per_page=7");
        assertThat(all).containsExactlyElementsOf(ids);

        List<String> issueA =
                collectInsights("/zones/" + ZONE + "/security-center/insights/issueA/audit-log", "per_page=4");
        assertThat(issueA).hasSize(30);
        JsonNode first = json(get("/zones/" + ZONE + "/security-center/insights/issueA/audit-log?per_page=1"));
        assertThat(first.at("/result/0/issue_id").asText()).isEqualTo("issueA");
        assertThat(first.at("/result/0/zone_id").isIntegralNumber()).isTrue();
        assertThat(first.at("/result_info/count").isInt()).isTrue();
        assertThat(first.at("/result_info/per_page").asInt()).isEqualTo(1);
        assertThat(first.at("/messages").isArray()).isTrue();

        JsonNode status = json(get(base + "?per_page=1000&field_changed=status&since=2024-10-30T00:05:00Z"));
        for (JsonNode e : status.get("result")) {
            assertThat(e.get("field_changed").asText()).isEqualTo("status");
            assertThat(Instant.parse(e.get("changed_at").asText())).isAfterOrEqualTo(T0.plusSeconds(300));
        }
        HttpResponse<String> unknown = get(base + "?page=2");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).at("/errors/0/code").asInt()).isEqualTo(1001);
        assertThat(json(unknown).get("messages").isArray()).isTrue();
        assertThat(get(base + "?per_page=1001").statusCode()).isEqualTo(400);
    }

    // ---- audit logs v1 -----------------------------------------------------------------------------------

    @Test
    void v1PagesByNumberWithTotalsAndAnswers400PastTheLastPage() throws Exception {
        List<String> ids = data.populateAccountV1(sim, ACCOUNT, 25, T0, T0.plusSeconds(600));
        String path = "/accounts/" + ACCOUNT + "/audit_logs?" + WINDOW + "&direction=asc&per_page=10&page=";
        List<String> read = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            HttpResponse<String> r = get(path + page);
            JsonNode info = json(r).get("result_info");
            assertThat(info.get("page").asInt()).isEqualTo(page);
            assertThat(info.get("per_page").asInt()).isEqualTo(10);
            assertThat(info.get("count").asInt()).isEqualTo(page < 3 ? 10 : 5);
            assertThat(info.get("total_count").asInt()).isEqualTo(25);
            assertThat(info.get("total_pages").asInt()).isEqualTo(3);
            assertThat(json(r).get("messages").isArray()).isTrue();
            read.addAll(ids(r));
        }
        assertThat(read).containsExactlyElementsOf(ids).isEqualTo(sim.accountV1Ids(ACCOUNT));
        HttpResponse<String> past = get(path + 4);
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(json(past).get("success").asBoolean()).isFalse();
        assertThat(json(past).at("/errors/0/code").isInt()).isTrue();
        // page 1 of nothing is an empty page, not an error
        assertThat(ids(get("/accounts/ffff/audit_logs?page=1"))).isEmpty();
        // default direction desc, default per_page 100
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        assertThat(ids(get("/accounts/" + ACCOUNT + "/audit_logs"))).containsExactlyElementsOf(reversed);

        sim.setV1Totals(false);
        JsonNode without = json(get(path + 1)).get("result_info");
        assertThat(without.has("total_pages")).isFalse();
        assertThat(without.has("total_count")).isFalse();
        sim.setV1PastTheEndEmpty(true);
        assertThat(ids(get(path + 4))).isEmpty();
    }

    @Test
    void v1FiltersAreScalarDottedKeys() throws Exception {
        String e1 = "{\"id\":\"a\",\"action\":{\"result\":true,\"type\":\"login\"},\"actor\":{\"email\":"
                + "\"alice@example.com\",\"ip\":\"198.51.100.7\"},\"metadata\":{\"zone_name\":\"example.com\"},"
                + "\"owner\":{\"id\":\"" + ACCOUNT + "\"},\"when\":\"2024-10-30T01:00:00Z\"}";
        String e2 = "{\"id\":\"b\",\"action\":{\"result\":false,\"type\":\"add\"},\"actor\":{\"email\":"
                + "\"bob@example.com\",\"ip\":\"2001:db8::7\"},\"owner\":{\"id\":\"a-user\"},"
                + "\"when\":\"2024-10-30T02:00:00Z\"}";
        sim.addAccountV1Entry(ACCOUNT, e1).addAccountV1Entry(ACCOUNT, e2);
        String path = "/accounts/" + ACCOUNT + "/audit_logs?direction=asc&";
        assertThat(ids(get(path + "action.type=login"))).containsExactly("a");
        assertThat(ids(get(path + "actor.ip=198.51.100.0%2F24"))).containsExactly("a");
        assertThat(ids(get(path + "actor.ip=2001:db8::%2F32"))).containsExactly("b");
        assertThat(ids(get(path + "actor.email=" + enc("bob@example.com")))).containsExactly("b");
        assertThat(ids(get(path + "zone.name=example.com"))).containsExactly("a");
        assertThat(ids(get(path + "hide_user_logs=true"))).containsExactly("a");
        assertThat(ids(get(path + "id=b"))).containsExactly("b");
        assertThat(ids(get(path + "since=2024-10-30T01:00:00Z&before=2024-10-30T02:00:00Z")))
                .containsExactly("a");
        assertThat(ids(get(path + "since=2024-10-30"))).containsExactly("a", "b");
        for (String bad : List.of(
                "action.type=login&action.type=add",
                "action_type=login",
                "actor.ip=not-an-ip",
                "actor.email=nope",
                "hide_user_logs=yes",
                "per_page=1001",
                "page=0",
                "direction=up",
                "export=true",
                "limit=10")) {
            assertThat(get(path + bad).statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void v1UserLogsAreTheRequestingUsersOwn() throws Exception {
        sim.acceptToken("tok-a").acceptToken("tok-b").acceptAccountToken("owned", ACCOUNT);
        sim.acceptGlobalKey("Ops@Example.com", "key");
        List<String> a = data.populateUser(sim, "tok-a", 3, T0, T0.plusSeconds(60));
        List<String> ops = data.populateUser(sim, "ops@example.com", 2, T0, T0.plusSeconds(60));
        assertThat(ids(get("/user/audit_logs?direction=asc", "Authorization", "Bearer tok-a")))
                .containsExactlyElementsOf(a);
        assertThat(ids(get("/user/audit_logs", "Authorization", "Bearer tok-b")))
                .isEmpty();
        assertThat(ids(get("/user/audit_logs?direction=asc", "X-Auth-Email", "OPS@example.com", "X-Auth-Key", "key")))
                .containsExactlyElementsOf(ops);
        assertThat(get("/user/audit_logs", "Authorization", "Bearer owned").statusCode())
                .isEqualTo(403);
        assertThat(get("/accounts/" + ACCOUNT + "/audit_logs", "Authorization", "Bearer owned")
                        .statusCode())
                .isEqualTo(200);
        assertThat(sim.userIds("tok-a")).containsExactlyElementsOf(a);
    }

    // ---- filters ------------------------------------------------------------------------------------------

    @Test
    void filtersReallyFilterWithRepeatedKeysAndNot() throws Exception {
        sim.addAccountEntry(ACCOUNT, entry("e1", "2024-10-30T01:00:00Z", "create", "alice@example.com", 200, "z1"));
        sim.addAccountEntry(ACCOUNT, entry("e2", "2024-10-30T02:00:00Z", "update", "bob@example.com", 403, "z2"));
        sim.addAccountEntry(ACCOUNT, entry("e3", "2024-10-30T03:00:00Z", "delete", "alice@example.com", 200, "z1"));
        sim.addAccountEntry(ACCOUNT, entry("e4", "2024-10-30T04:00:00Z", "view", "carol@example.com", 200, null));
        String path = "/accounts/" + ACCOUNT + "/logs/audit?" + WINDOW + "&direction=asc";

        assertThat(ids(get(path + "&action_type=create&action_type=update"))).containsExactly("e1", "e2");
        assertThat(ids(get(path + "&action_type.not=view&action_type.not=delete")))
                .containsExactly("e1", "e2");
        assertThat(ids(get(path + "&actor_email=" + enc("alice@example.com") + "&action_type.not=create")))
                .containsExactly("e3");
        assertThat(ids(get(path + "&raw_status_code=403"))).containsExactly("e2");
        assertThat(ids(get(path + "&zone_name=z1"))).containsExactly("e1", "e3");
        assertThat(ids(get(path + "&zone_name.not=z1"))).containsExactly("e2", "e4");
        assertThat(ids(get(path + "&id=e4&id=e2"))).containsExactly("e2", "e4");
        assertThat(ids(get(path + "&audit_log_id.not=e1"))).containsExactly("e2", "e3", "e4");
        assertThat(ids(get(path + "&action_result=failure"))).containsExactly("e2");
        assertThat(get(path + "&action_type=login").statusCode()).isEqualTo(400);
        // account-only filters are unknown on the organization endpoint
        assertThat(get("/organizations/" + ORG + "/logs/audit?" + WINDOW + "&zone_name=z1")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void windowIsSinceInclusiveBeforeExclusiveAndLateArrivalsShowUp() throws Exception {
        sim.addAccountEntry(ACCOUNT, entry("b", "2024-10-30T10:00:00Z", "create", "a@example.com", 200, null));
        sim.addAccountEntry(ACCOUNT, entry("c", "2024-10-30T11:00:00Z", "create", "a@example.com", 200, null));
        String path = "/accounts/" + ACCOUNT + "/logs/audit?direction=asc&since=2024-10-30T10:00:00Z&before=";
        assertThat(ids(get(path + "2024-10-30T11:00:00Z"))).containsExactly("b");
        sim.addAccountEntry(ACCOUNT, entry("a", "2024-10-30T10:00:00.000+00:00", "update", "a@example.com", 200, null));
        assertThat(ids(get(path + "2024-10-30T11:00:00.001Z"))).containsExactly("a", "b", "c");
    }

    // ---- validation ------------------------------------------------------------------------------------------

    @Test
    void missingOrBadSinceBeforeIs400WithV2Envelope() throws Exception {
        String path = "/organizations/" + ORG + "/logs/audit";
        HttpResponse<String> missing = get(path + "?before=2024-10-31");
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonNode body = json(missing);
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("result").isNull()).isTrue();
        assertThat(body.at("/errors/0/message").asText()).contains("since");
        assertThat(body.at("/errors/0").has("code")).isFalse();
        assertThat(get(path + "?since=2024-10-30").statusCode()).isEqualTo(400);
        assertThat(get(path + "?since=yesterday&before=2024-10-31").statusCode())
                .isEqualTo(400);
        // an unencoded '+' offset decodes to a space, as on the real API
        assertThat(get(path + "?since=2024-10-30T00:00:00+00:00&before=2024-10-31")
                        .statusCode())
                .isEqualTo(400);
        assertThat(get(path + "?since=" + enc("2024-10-30T00:00:00+00:00") + "&before=2024-10-31")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownParameterAndBadLimitAre400() throws Exception {
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW;
        HttpResponse<String> unknown = get(path + "&fireTime=123");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).at("/errors/0/message").asText()).contains("fireTime");
        assertThat(get(path + "&limit=5000").statusCode()).isEqualTo(400);
        assertThat(get(path + "&limit=0").statusCode()).isEqualTo(400);
        assertThat(get(path + "&limit=1000").statusCode()).isEqualTo(200);
        assertThat(get(path + "&direction=up").statusCode()).isEqualTo(400);
        assertThat(get(path + "&cursor=garbage").statusCode()).isEqualTo(400);
    }

    @Test
    void aFilterItsEndpointDoesNotDeclareOrAValueOfTheWrongTypeIs400WithTheV2Envelope() throws Exception {
        String account = "/accounts/" + ACCOUNT + "/logs/audit?" + WINDOW;
        String org = "/organizations/" + ORG + "/logs/audit?" + WINDOW;
        for (String bad : List.of(
                account + "&product_category.not=zerotrust",
                org + "&product_category=zerotrust",
                org + "&account_name.not=acme",
                org + "&audit_log_id=e1",
                account + "&actor_email=not-an-email",
                org + "&actor_email.not=ops%40",
                account + "&raw_status_code=abc")) {
            HttpResponse<String> r = get(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            JsonNode body = json(r);
            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.get("result").isNull()).isTrue();
            assertThat(body.at("/errors/0").has("code"))
                    .as("v2 errors carry only a message")
                    .isFalse();
            String param = bad.substring(bad.lastIndexOf('&') + 1, bad.lastIndexOf('='));
            assertThat(body.at("/errors/0/message").asText()).as(bad).contains("'" + param + "'");
        }
        for (String good : List.of(
                account + "&product_category=zerotrust",
                account + "&audit_log_id.not=e1",
                account + "&actor_email=" + enc("a+b@example.com"),
                org + "&actor_email.not=" + enc("ops@example.com"),
                org + "&raw_status_code.not=200")) {
            assertThat(get(good).statusCode()).as(good).isEqualTo(200);
        }
    }

    @Test
    void cursorWithDifferentParametersIs400() throws Exception {
        data.populateOrganization(sim, ORG, 10, T0, T0.plusSeconds(60));
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW + "&limit=3";
        String cursor = json(get(path)).at("/result_info/cursor").asText();
        assertThat(get(path + "&cursor=" + enc(cursor)).statusCode()).isEqualTo(200);
        assertThat(get(path + "&action_type=create&cursor=" + enc(cursor)).statusCode())
                .isEqualTo(400);
        assertThat(get("/organizations/" + ORG + "/logs/audit?" + WINDOW + "&cursor=" + enc(cursor))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void routingAndMethods() throws Exception {
        HttpResponse<String> notFound = get("/organizations/" + ORG + "/logs/audits?" + WINDOW);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound).at("/errors/0/code").asInt()).isEqualTo(7003);
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/organizations/" + ORG + "/logs/audit?" + WINDOW))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    // ---- auth -----------------------------------------------------------------------------------------------

    @Test
    void authFailureIs403() throws Exception {
        sim.acceptToken("good-token").acceptGlobalKey("ops@example.com", "k123");
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW;
        HttpResponse<String> none = get(path);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body())
                .isEqualTo("{\"success\":false,\"errors\":[{\"code\":10000,\"message\":"
                        + "\"Authentication error\"}],\"messages\":[],\"result\":null}");
        assertThat(get(path, "Authorization", "Bearer bad").statusCode()).isEqualTo(403);
        assertThat(get(path, "Authorization", "Bearer good-token").statusCode()).isEqualTo(200);
        assertThat(get(path, "X-Auth-Email", "ops@example.com", "X-Auth-Key", "k123")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(path, "X-Auth-Email", "ops@example.com", "X-Auth-Key", "nope")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aScopedTokenIsValidOnlyForItsOwnOrganizationsAndAccounts() throws Exception {
        sim.acceptToken("org-token", ORG).acceptToken("acct-token", ACCOUNT);
        String org = "/organizations/" + ORG + "/logs/audit?" + WINDOW;
        String account = "/accounts/" + ACCOUNT + "/logs/audit?" + WINDOW;
        assertThat(get(org, "Authorization", "Bearer org-token").statusCode()).isEqualTo(200);
        assertThat(get(account, "Authorization", "Bearer org-token").statusCode())
                .isEqualTo(403);
        assertThat(get(account, "Authorization", "Bearer acct-token").statusCode())
                .isEqualTo(200);
        assertThat(get(org, "Authorization", "Bearer acct-token").statusCode()).isEqualTo(403);
    }

    @Test
    void tokenVerifyAnswersForAKnownTokenOnly() throws Exception {
        sim.acceptToken("org-token", ORG);
        HttpResponse<String> ok = get("/user/tokens/verify", "Authorization", "Bearer org-token");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("success").asBoolean()).isTrue();
        assertThat(json(ok).at("/result/status").asText()).isEqualTo("active");
        HttpResponse<String> bad = get("/user/tokens/verify", "Authorization", "Bearer other");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(json(bad).at("/errors/0/message").asText()).isEqualTo("Invalid API Token");
        assertThat(get("/user/tokens/verify").statusCode()).isEqualTo(401);
    }

    @Test
    void anAccountOwnedTokenIsVerifiedAtItsAccountAndReadsOnlyThatAccount() throws Exception {
        String other = "0123456789abcdef0123456789abcdef";
        sim.acceptAccountToken("acct-owned", ACCOUNT, ZONE).acceptToken("user-token");
        String bearer = "Bearer acct-owned";

        HttpResponse<String> user = get("/user/tokens/verify", "Authorization", bearer);
        assertThat(user.statusCode()).isEqualTo(401);
        assertThat(json(user).at("/errors/0/code").asInt()).isEqualTo(1000);
        assertThat(json(user).at("/errors/0/message").asText()).isEqualTo("Invalid API Token");
        assertThat(json(user).get("success").asBoolean()).isFalse();

        HttpResponse<String> own = get("/accounts/" + ACCOUNT + "/tokens/verify", "Authorization", bearer);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(json(own).get("success").asBoolean()).isTrue();
        assertThat(json(own).at("/result/status").asText()).isEqualTo("active");
        assertThat(json(own).at("/result/id").asText()).isNotEmpty();
        assertThat(get("/accounts/" + other + "/tokens/verify", "Authorization", bearer)
                        .statusCode())
                .isEqualTo(401);
        // a user token is not verified at an account's endpoint
        assertThat(get("/accounts/" + ACCOUNT + "/tokens/verify", "Authorization", "Bearer user-token")
                        .statusCode())
                .isEqualTo(401);

        assertThat(get("/accounts/" + ACCOUNT + "/logs/audit?" + WINDOW, "Authorization", bearer)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/accounts/" + ACCOUNT + "/security-center/insights/audit-log", "Authorization", bearer)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/zones/" + ZONE + "/security-center/insights/audit-log", "Authorization", bearer)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/accounts/" + other + "/logs/audit?" + WINDOW, "Authorization", bearer)
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/organizations/" + ORG + "/logs/audit?" + WINDOW, "Authorization", bearer)
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/zones/" + other + "/security-center/insights/audit-log", "Authorization", bearer)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aTokenThatIsNotActiveIsVerifiedWithItsStatusAndReadsNothing() throws Exception {
        sim.acceptAccountToken("acct-owned", ACCOUNT).setTokenStatus("acct-owned", "expired");
        sim.acceptToken("user-token").setTokenStatus("user-token", "disabled");
        HttpResponse<String> owned =
                get("/accounts/" + ACCOUNT + "/tokens/verify", "Authorization", "Bearer acct-owned");
        assertThat(owned.statusCode()).isEqualTo(200);
        assertThat(json(owned).at("/result/status").asText()).isEqualTo("expired");
        HttpResponse<String> user = get("/user/tokens/verify", "Authorization", "Bearer user-token");
        assertThat(json(user).at("/result/status").asText()).isEqualTo("disabled");
        assertThat(get("/accounts/" + ACCOUNT + "/logs/audit?" + WINDOW, "Authorization", "Bearer acct-owned")
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/accounts/" + ACCOUNT + "/logs/audit?" + WINDOW, "Authorization", "Bearer user-token")
                        .statusCode())
                .isEqualTo(403);
        assertThatThrownBy(() -> sim.setTokenStatus("acct-owned", "revoked"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("active, disabled or expired");
    }

    @Test
    void aTokensRateLimitCountsOnlyItsOwnRequests() throws Exception {
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW;
        sim.setRateLimit("tight", 1, Duration.ofMinutes(1));
        assertThat(get(path, "Authorization", "Bearer tight").statusCode()).isEqualTo(200);
        HttpResponse<String> limited = get(path, "Authorization", "Bearer tight");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(sim.requests().get(1).responseHeader("Retry-After"))
                .isEqualTo(limited.headers().firstValue("retry-after").orElseThrow());
        assertThat(get(path, "Authorization", "Bearer other").statusCode()).isEqualTo(200);
        assertThat(get(path).headers().firstValue("ratelimit").orElseThrow()).startsWith("\"default\";r=1198;");
    }

    // ---- quirks ---------------------------------------------------------------------------------------------

    @Test
    void pageCapLimitsPagesWhateverTheLimit() throws Exception {
        data.populateOrganization(sim, ORG, 45, T0, T0.plusSeconds(600));
        sim.setMaxPageSize(10);
        String path = "/organizations/" + ORG + "/logs/audit";
        JsonNode first = json(get(path + "?" + WINDOW + "&limit=1000"));
        assertThat(first.get("result")).hasSize(10);
        assertThat(collect(path, WINDOW + "&limit=1000&direction=asc", CursorPlacement.CURSOR))
                .containsExactlyElementsOf(sim.organizationIds(ORG));
        assertThat(sim.requests()).hasSize(1 + 5);
    }

    @Test
    void trailingEmptyPageCarriesANewCursor() throws Exception {
        data.populateOrganization(sim, ORG, 5, T0, T0.plusSeconds(60));
        sim.setTrailingEmptyPage(true);
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW + "&limit=5";
        JsonNode last = json(get(path));
        assertThat(last.get("result")).hasSize(5);
        String c1 = last.at("/result_info/cursor").asText();
        assertThat(c1).isNotEmpty();
        JsonNode empty = json(get(path + "&cursor=" + enc(c1)));
        assertThat(empty.get("result")).isEmpty();
        assertThat(empty.at("/result_info/count").asText()).isEqualTo("0");
        String c2 = empty.at("/result_info/cursor").asText();
        assertThat(c2).isNotEmpty().isNotEqualTo(c1);
    }

    @Test
    void repeatCursorReturnsTheRequestsCursor() throws Exception {
        data.populateOrganization(sim, ORG, 20, T0, T0.plusSeconds(60));
        sim.setRepeatCursor(true);
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW + "&limit=5";
        String c1 = json(get(path)).at("/result_info/cursor").asText();
        JsonNode page2 = json(get(path + "&cursor=" + enc(c1)));
        assertThat(page2.get("result")).hasSize(5);
        assertThat(page2.at("/result_info/cursor").asText()).isEqualTo(c1);
    }

    @Test
    void endlessCursorNeverEnds() throws Exception {
        data.populateOrganization(sim, ORG, 7, T0, T0.plusSeconds(60));
        sim.setEndlessCursor(true);
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW + "&limit=5&direction=asc";
        Set<String> cursors = new HashSet<>();
        String cursor = json(get(path)).at("/result_info/cursor").asText();
        List<String> lastIds = null;
        for (int i = 0; i < 6; i++) {
            assertThat(cursors.add(cursor)).isTrue();
            HttpResponse<String> r = get(path + "&cursor=" + enc(cursor));
            lastIds = ids(r);
            assertThat(lastIds).isNotEmpty();
            cursor = json(r).at("/result_info/cursor").asText();
            assertThat(cursor).isNotEmpty();
        }
        assertThat(lastIds).containsExactlyElementsOf(sim.organizationIds(ORG).subList(5, 7));
    }

    // ---- faults -----------------------------------------------------------------------------------------------

    @Test
    void failNextAndFailRequest() throws Exception {
        data.populateOrganization(sim, ORG, 10, T0, T0.plusSeconds(60));
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW + "&limit=5";
        sim.failNext(2, 500, "text/html", "<html><body>502 Bad Gateway</body></html>");
        HttpResponse<String> r1 = get(path);
        assertThat(r1.statusCode()).isEqualTo(500);
        assertThat(r1.headers().firstValue("content-type")).hasValue("text/html");
        assertThat(r1.body()).startsWith("<html>");
        assertThat(get(path).statusCode()).isEqualTo(500);
        assertThat(get(path).statusCode()).isEqualTo(200);

        sim.failRequest(2, 200, "application/json", "{\"result\":[{\"id\":");
        HttpResponse<String> page1 = get(path);
        assertThat(page1.statusCode()).isEqualTo(200);
        String cursor = json(page1).at("/result_info/cursor").asText();
        assertThat(get(path + "&cursor=" + enc(cursor)).body()).isEqualTo("{\"result\":[{\"id\":");
        assertThat(ids(get(path + "&cursor=" + enc(cursor)))).hasSize(5);

        sim.failWhen(
                r -> r.param("cursor") != null,
                1,
                200,
                "application/json",
                "{\"success\":false,\"errors\":[{\"message\":\"boom\"}],\"result\":null}");
        assertThat(get(path).statusCode()).isEqualTo(200);
        assertThat(get(path + "&cursor=" + enc(cursor)).body()).contains("boom");
        sim.reset();
        assertThat(ids(get(path + "&cursor=" + enc(cursor)))).hasSize(5);
    }

    @Test
    void rateLimitHeadersAnd429() throws Exception {
        String path = "/organizations/" + ORG + "/logs/audit?" + WINDOW;
        HttpResponse<String> ok = get(path);
        assertThat(ok.headers().firstValue("ratelimit")).hasValue("\"default\";r=1199;t=300");
        assertThat(ok.headers().firstValue("ratelimit-policy")).hasValue("\"default\";q=1200;w=300");
        sim.setRateLimit(2, Duration.ofMinutes(1));
        assertThat(get(path).statusCode()).isEqualTo(200);
        assertThat(get(path).headers().firstValue("ratelimit").orElseThrow()).startsWith("\"default\";r=0;t=");
        HttpResponse<String> limited = get(path);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).isPresent();
        assertThat(json(limited).at("/errors/0/code").asInt()).isEqualTo(971);
        sim.reset();
        assertThat(get(path).statusCode()).isEqualTo(200);
    }

    @Test
    void responseDelayTriggersClientTimeout() {
        sim.setResponseDelay(Duration.ofMillis(400));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(sim.baseUrl() + "/organizations/" + ORG + "/logs/audit?" + WINDOW))
                .timeout(Duration.ofMillis(100))
                .build();
        assertThatThrownBy(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    // ---- raw content and request log ---------------------------------------------------------------------------

    @Test
    void entriesAreServedByteExact() throws Exception {
        String hostile = "{ \"id\" : \"x1\",\"action\":{\"time\":\"2024-10-30T05:00:00Z\",\"type\":\"create\"},"
                + "\"resource\":{\"request\":{\"note\":\"</script>\\u2028 \u00e9\u6f22 \\\"q\\\" ${jndi:x}\"}}"
                + ",\"extra\":[1.50,  2e3]}";
        sim.addOrganizationEntry(ORG, hostile);
        HttpResponse<String> r = get("/organizations/" + ORG + "/logs/audit?" + WINDOW);
        assertThat(r.body())
                .isEqualTo("{\"success\":true,\"errors\":[],\"result\":[" + hostile
                        + "],\"result_info\":{\"count\":\"1\"}}");
        assertThat(json(r).at("/result/0/id").asText()).isEqualTo("x1");
    }

    @Test
    void requestLogRecordsQueryParamsAndHeaders() throws Exception {
        sim.clearRequests();
        get(
                "/accounts/" + ACCOUNT + "/logs/audit?" + WINDOW + "&action_type=create&actor_email="
                        + enc("a+b@example.com") + "&action_type.not=view&action_type=update",
                "X-Custom",
                "1");
        List<RecordedRequest> log = sim.requests();
        assertThat(log).hasSize(1);
        RecordedRequest r = log.get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/client/v4/accounts/" + ACCOUNT + "/logs/audit");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.queryParams().keySet())
                .containsExactly("since", "before", "action_type", "actor_email", "action_type.not");
        assertThat(r.params("action_type")).containsExactly("create", "update");
        assertThat(r.param("actor_email")).isEqualTo("a+b@example.com");
        assertThat(r.param("since")).isEqualTo("2024-10-30T00:00:00Z");
        assertThat(r.rawQuery()).contains("a%2Bb%40example.com");
        assertThat(r.headers()).containsKey("x-custom").doesNotContainKeys("fireTime", "firetime", "jobdetail");
        assertThat(r.header("X-Custom")).isEqualTo("1");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String entry(String id, String time, String type, String email, int status, String zoneName) {
        return "{\"id\":\"" + id + "\",\"action\":{\"result\":\"" + (status == 200 ? "success" : "failure")
                + "\",\"time\":\"" + time + "\",\"type\":\"" + type + "\"},\"actor\":{\"email\":\"" + email
                + "\",\"type\":\"user\"},\"raw\":{\"status_code\":" + status + "}"
                + (zoneName == null ? "" : ",\"zone\":{\"id\":\"id-" + zoneName + "\",\"name\":\"" + zoneName + "\"}")
                + "}";
    }

    private List<String> collect(String path, String query, CursorPlacement placement) throws Exception {
        List<String> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            HttpResponse<String> r = get(path + "?" + query + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = json(r);
            body.get("result").forEach(e -> out.add(e.get("id").asText()));
            JsonNode info = body.get("result_info");
            JsonNode next = placement == CursorPlacement.CURSORS_AFTER ? info.at("/cursors/after") : info.get("cursor");
            if (placement == CursorPlacement.BOTH && next != null) {
                assertThat(info.at("/cursors/after").asText()).isEqualTo(next.asText());
            }
            if (placement == CursorPlacement.CURSORS_AFTER) {
                assertThat(info.has("cursor")).isFalse();
            }
            if (next == null || next.isMissingNode() || body.get("result").isEmpty()) {
                return out;
            }
            cursor = next.asText();
        }
        throw new AssertionError("too many pages");
    }

    private List<String> collectInsights(String path, String query) throws Exception {
        List<String> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            JsonNode body = json(get(path + "?" + query + (cursor == null ? "" : "&cursor=" + enc(cursor))));
            body.get("result").forEach(e -> out.add(e.get("id").asText()));
            JsonNode next = body.at("/result_info/cursor");
            if (next.isMissingNode()) {
                return out;
            }
            cursor = next.asText();
        }
        throw new AssertionError("too many pages");
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(5))
                .GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static List<String> ids(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(r).get("result").forEach(e -> out.add(e.get("id").asText()));
        return out;
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return MAPPER.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
