package io.github.cfaudit.connection;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static io.github.cfaudit.testing.AuditHarness.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.internal.BuildInfo;
import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --check}'s token probe against the simulator: a user token is verified at {@code /user/tokens/verify}, an
 * account-owned token (401 there) at {@code /accounts/<id>/tokens/verify} of the accounts its sources read, and a
 * token is called invalid only when no endpoint accepts it.
 */
class ConnectionProbeIT {
    private static final String OWNED = "acct-owned-5c7e21";
    private static final String OTHER_ACCOUNT = "0123456789abcdef0123456789abcdef";
    private static final String USER_VERIFY = "/client/v4/user/tokens/verify";

    @Harness
    AuditHarness h;

    @BeforeEach
    void setUp() {
        h.fileSink("all", null);
    }

    private Object probe() {
        Map<String, Object> results = h.routes().check();
        return results.get("connection default");
    }

    private static String message(Object result) {
        return result instanceof Exception e ? "FAILED " + e.getMessage() : "OK " + result;
    }

    private java.util.List<String> verifyPaths() {
        return h.sim.requests().stream()
                .map(RecordedRequest::path)
                .filter(p -> p.endsWith("/tokens/verify"))
                .toList();
    }

    @Test
    void aUserTokenIsVerifiedAtTheUserEndpointOnly() {
        h.source("acct", "account", "account-id", ACCOUNT);
        assertThat(message(probe()))
                .isEqualTo("OK GET /user/tokens/verify answered 200: user token active; used by source acct");
        assertThat(verifyPaths()).containsExactly(USER_VERIFY);
    }

    @Test
    void anAccountOwnedTokenIsVerifiedAtItsAccountAndNamedAsSuch() {
        h.sim.acceptAccountToken(OWNED, ACCOUNT);
        h.set("cfaudit.api.token", OWNED).source("acct", "account", "account-id", ACCOUNT);
        Object result = probe();
        assertThat(message(result))
                .isEqualTo("OK GET /accounts/" + ACCOUNT
                        + "/tokens/verify answered 200: account-owned token of account "
                        + ACCOUNT + ", active (GET /user/tokens/verify answered HTTP 401 (Invalid API Token): not a "
                        + "user token); used by source acct");
        assertThat(verifyPaths()).containsExactly(USER_VERIFY, "/client/v4/accounts/" + ACCOUNT + "/tokens/verify");
        assertThat(h.sim.requests()).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + OWNED);
            assertThat(r.header("User-Agent")).isEqualTo(BuildInfo.userAgent());
        });
        // and the source check agrees: its own account's data is served
        assertThat(h.routes().check().get("source acct")).isInstanceOf(String.class);
    }

    @Test
    void theAccountsOfEverySourceAreTriedUntilTheOwnerAcceptsTheToken() {
        h.sim.acceptAccountToken(OWNED, ACCOUNT);
        h.set("cfaudit.api.token", OWNED)
                .source("elsewhere", "account", "account-id", OTHER_ACCOUNT)
                .source("org", "organization", "organization-id", ORG)
                .source("insights", "insight", "account-id", ACCOUNT);
        assertThat(message(probe()))
                .startsWith("OK GET /accounts/" + ACCOUNT + "/tokens/verify answered 200: account-owned token of "
                        + "account " + ACCOUNT + ", active")
                .endsWith("; it reads its own account only, not what sources elsewhere, org read; used by sources "
                        + "elsewhere, insights, org");
        // each account once, in the order of the sources (by name)
        assertThat(verifyPaths())
                .containsExactly(
                        USER_VERIFY,
                        "/client/v4/accounts/" + OTHER_ACCOUNT + "/tokens/verify",
                        "/client/v4/accounts/" + ACCOUNT + "/tokens/verify");
    }

    @Test
    void aTokenNoEndpointAcceptsIsInvalidAndNeverNamed() {
        String unknown = "never-issued-9f0a44";
        h.set("cfaudit.api.token", unknown)
                .source("acct", "account", "account-id", ACCOUNT)
                .source("elsewhere", "account", "account-id", OTHER_ACCOUNT);
        Object result = probe();
        assertThat(result).isInstanceOf(IllegalStateException.class);
        assertThat(message(result))
                .startsWith("FAILED GET /user/tokens/verify answered HTTP 401 (Invalid API Token), GET /accounts/"
                        + ACCOUNT + "/tokens/verify answered HTTP 401 (Invalid API Token), GET /accounts/"
                        + OTHER_ACCOUNT + "/tokens/verify answered HTTP 401 (Invalid API Token): the token of "
                        + "cfaudit.api.token (or cfaudit.api.token-file) is not valid: neither a user token nor an "
                        + "account-owned token of any of the accounts " + ACCOUNT + ", " + OTHER_ACCOUNT + "; valid: ")
                .doesNotContain(unknown);
    }

    @Test
    void anAccountOwnedTokenThatIsNotActiveIsReportedWithItsStatus() {
        h.sim.acceptAccountToken(OWNED, ACCOUNT).setTokenStatus(OWNED, "expired");
        h.set("cfaudit.api.token", OWNED).source("acct", "account", "account-id", ACCOUNT);
        assertThat(message(probe()))
                .isEqualTo("FAILED GET /accounts/" + ACCOUNT + "/tokens/verify answered 200: the token of "
                        + "cfaudit.api.token (account-owned token of account " + ACCOUNT
                        + ") is expired, not active: issue a new token "
                        + "in the Cloudflare dashboard (Manage Account > Account API Tokens)");
    }

    @Test
    void aUserTokenThatIsNotActiveIsReportedWithItsStatus() {
        h.sim.setTokenStatus(AuditHarness.TOKEN, "disabled");
        h.source("acct", "account", "account-id", ACCOUNT);
        assertThat(message(probe()))
                .isEqualTo("FAILED GET /user/tokens/verify answered 200: the token of cfaudit.api.token (user token) "
                        + "is disabled, not active: issue a new token in the Cloudflare dashboard (My Profile > API "
                        + "Tokens)");
        assertThat(verifyPaths()).containsExactly(USER_VERIFY);
    }

    @Test
    void aServerErrorAtTheAccountEndpointIsNotCalledAnInvalidToken() {
        h.sim.acceptAccountToken(OWNED, ACCOUNT)
                .failWhen(
                        r -> r.path().endsWith("/accounts/" + ACCOUNT + "/tokens/verify"),
                        1,
                        503,
                        "application/json",
                        "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Service temporarily unavailable\"}],"
                                + "\"messages\":[],\"result\":null}");
        h.set("cfaudit.api.token", OWNED).source("acct", "account", "account-id", ACCOUNT);
        assertThat(message(probe()))
                .contains("GET /accounts/" + ACCOUNT + "/tokens/verify answered HTTP 503 (Service temporarily "
                        + "unavailable): the token of cfaudit.api.token (or cfaudit.api.token-file) is not a user token "
                        + "and could not be verified as an account-owned token of account " + ACCOUNT + ";")
                .doesNotContain("is not valid");
    }

    @Test
    void aServerErrorAtTheUserEndpointIsNotCalledAnInvalidToken() {
        h.sim.failWhen(r -> r.path().endsWith("/user/tokens/verify"), 1, 502, "text/html", "<html>502</html>");
        h.source("acct", "account", "account-id", ACCOUNT);
        assertThat(message(probe()))
                .startsWith("FAILED GET /user/tokens/verify answered HTTP 502: the token of cfaudit.api.token (or "
                        + "cfaudit.api.token-file) could not be verified; valid: ");
        assertThat(verifyPaths()).containsExactly(USER_VERIFY);
    }

    @Test
    void withOrganizationSourcesOnlyA401FromTheUserEndpointStands() {
        h.sim.acceptAccountToken(OWNED, ACCOUNT);
        h.set("cfaudit.api.token", OWNED).source("org", "organization", "organization-id", ORG);
        assertThat(message(probe()))
                .startsWith("FAILED GET /user/tokens/verify answered HTTP 401 (Invalid API Token): the token of "
                        + "cfaudit.api.token (or cfaudit.api.token-file) is not a valid user token, and organization "
                        + "sources are read with user tokens only");
        assertThat(verifyPaths()).containsExactly(USER_VERIFY);
    }

    @Test
    void aUserV1SourceNeedsAUserTokenAndAnAccountOwnedOneIsToldSo() {
        h.sim.acceptAccountToken(OWNED, ACCOUNT);
        h.set("cfaudit.api.token", OWNED).source("me", "user-v1");
        assertThat(message(probe()))
                .startsWith("FAILED GET /user/tokens/verify answered HTTP 401 (Invalid API Token): the token of "
                        + "cfaudit.api.token (or cfaudit.api.token-file) is not a valid user token, and user-v1 "
                        + "sources are read with user tokens only");
        // beside an account source the token is verified at that account, and the user-v1 source named
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        assertThat(message(probe()))
                .startsWith("OK GET /accounts/" + ACCOUNT + "/tokens/verify answered 200: account-owned token of "
                        + "account " + ACCOUNT + ", active")
                .contains("; it reads its own account only, not what source me read; used by sources acct-v1, me");
    }

    @Test
    void withZoneSourcesAndNoAccountTheSourceRequestsCheckTheToken() {
        h.sim.acceptAccountToken(OWNED, ACCOUNT, ZONE);
        h.set("cfaudit.api.token", OWNED).source("zone", "insight", "zone-id", ZONE);
        Map<String, Object> results = h.routes().check();
        assertThat(message(results.get("connection default")))
                .isEqualTo("OK GET /user/tokens/verify answered HTTP 401 (Invalid API Token): not a user token; no "
                        + "source of this connection reads an account, where an account-owned token is verified, so "
                        + "its zone sources' requests check it; used by source zone");
        assertThat(results.get("source zone")).isInstanceOf(String.class);
    }

    @Test
    void aNamedConnectionIsVerifiedWithItsOwnBaseUrlAndToken() {
        h.sim.acceptAccountToken(OWNED, ACCOUNT);
        h.remove("cfaudit.api.token")
                .remove("cfaudit.api.base-url")
                .set("cfaudit.connection.tenant.base-url", h.sim.baseUrl())
                .set("cfaudit.connection.tenant.token", OWNED)
                .source("acct", "account", "account-id", ACCOUNT)
                .set("cfaudit.source.acct.connection", "tenant");
        Object result = h.routes().check().get("connection tenant");
        assertThat(message(result))
                .startsWith("OK GET /accounts/" + ACCOUNT + "/tokens/verify answered 200: account-owned token of "
                        + "account " + ACCOUNT);
    }
}
