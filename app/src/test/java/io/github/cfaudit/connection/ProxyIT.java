package io.github.cfaudit.connection;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.Tinyproxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source routes through a real HTTP proxy (tinyproxy on a loopback port), the proxy's log showing what it was
 * asked: absolute-URI requests for an http base URL, a CONNECT tunnel for https, Basic authentication, a clear
 * non-retried error on 407, and hosts in no-proxy reached directly.
 */
class ProxyIT {
    private static final String TOKEN_B = "tok-second-7d1e";

    @Harness
    AuditHarness h;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT).set("cfaudit.source.acct.page-size", "10");
        h.fileSink("all", null);
        h.accountEntriesEveryMinute("e%02d", 25, DAY.plus(Duration.ofHours(1)));
    }

    private String auditPath(String scope, String id) {
        return "http://127.0.0.1:" + h.sim.port() + "/client/v4/" + scope + "/" + id + "/logs/audit?";
    }

    @Test
    void pageRequestsGoThroughTheProxyAsAbsoluteUriRequests() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"))) {
            h.set("cfaudit.api.proxy", proxy.url());
            RunSummary run = h.runOnceSingle();
            assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETE);
            assertThat(AuditHarness.ids(h.dir.resolve("out-all"))).hasSize(25).doesNotHaveDuplicates();
            int requests = h.sim.requests().size();
            assertThat(requests).isGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.requests().size() == requests);
            assertThat(proxy.requests())
                    .allSatisfy(line -> assertThat(line)
                            .startsWith("GET " + auditPath("accounts", ACCOUNT))
                            .endsWith(" HTTP/1.1"));
        }
    }

    @Test
    void basicAuthenticationAtTheProxyWithThePasswordFromAFile() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"), "audit", "pr0xy-pass-5e1")) {
            Path password = Files.writeString(h.dir.resolve("proxy-password"), "pr0xy-pass-5e1\n");
            h.set("cfaudit.api.proxy", proxy.url())
                    .set("cfaudit.api.proxy-username", "audit")
                    .set("cfaudit.api.proxy-password-file", password.toString());
            RunSummary run = h.runOnceSingle();
            assertThat(run.outcome()).as(String.valueOf(run.failure())).isEqualTo(RunOutcome.COMPLETE);
            assertThat(AuditHarness.ids(h.dir.resolve("out-all"))).hasSize(25);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> proxy.requests().size() >= h.sim.requests().size());
            assertThat(proxy.requests())
                    .allSatisfy(line -> assertThat(line).startsWith("GET " + auditPath("accounts", ACCOUNT)));
        }
    }

    @Test
    void aProxyRefusingTheCredentialsFailsTheRunAtOnceNamingTheKey() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"), "audit", "pr0xy-pass-5e1")) {
            h.set("cfaudit.api.proxy", proxy.url())
                    .set("cfaudit.api.proxy-username", "audit")
                    .set("cfaudit.api.proxy-password", "wrong-pass-0c2")
                    .set("cfaudit.api.max-retries", "3");
            RunSummary run = h.runOnceSingle();
            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.failure())
                    .contains("connection default: the proxy " + proxy.url() + " (as audit) answered 407")
                    .contains("cfaudit.api.proxy-username and cfaudit.api.proxy-password")
                    .contains("Not retried")
                    .doesNotContain("wrong-pass-0c2");
            assertThat(h.sim.requests()).isEmpty();
            // one challenge and one answer with the credentials: no retry of the run's request
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.requests().size() >= 1);
            assertThat(proxy.requests()).hasSizeLessThanOrEqualTo(2);

            // without any credentials the message says which keys to set
            h.remove("cfaudit.api.proxy-username").remove("cfaudit.api.proxy-password");
            RunSummary anonymous = h.runOnceSingle();
            assertThat(anonymous.failure())
                    .contains("answered 407")
                    .contains("asks for authentication; set "
                            + "cfaudit.api.proxy-username and cfaudit.api.proxy-password");
            assertThat(h.sim.requests()).isEmpty();
        }
    }

    @Test
    void hostsInNoProxyAreReachedDirectly() throws Exception {
        h.sim.acceptToken(TOKEN_B);
        h.source("org", "organization", "organization-id", ORG)
                .set("cfaudit.source.org.page-size", "10")
                .set("cfaudit.source.org.connection", "direct");
        for (int i = 0; i < 15; i++) {
            h.sim.addOrganizationEntry(ORG, Entries.audit("o" + i, DAY.plus(Duration.ofMinutes(90 + i))));
        }
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"))) {
            h.set("cfaudit.api.proxy", proxy.url());
            // the second connection reaches the same server by another name, which is in its no-proxy list
            h.set("cfaudit.connection.direct.token", TOKEN_B)
                    .set("cfaudit.connection.direct.base-url", "http://localhost:" + h.sim.port() + "/client/v4")
                    .set("cfaudit.connection.direct.proxy", proxy.url())
                    .set("cfaudit.connection.direct.no-proxy", "example.org, localhost");
            List<RunSummary> runs = h.runOnce();
            assertThat(runs).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE));
            assertThat(AuditHarness.ids(h.dir.resolve("out-all"))).hasSize(40).doesNotHaveDuplicates();
            long orgRequests = h.sim.requests().stream()
                    .filter(r -> r.path().contains("/organizations/"))
                    .count();
            long accountRequests = h.sim.requests().stream()
                    .filter(r -> r.path().contains("/accounts/"))
                    .count();
            assertThat(orgRequests).isGreaterThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.requests().size() == accountRequests);
            assertThat(proxy.requests())
                    .allSatisfy(line -> assertThat(line).startsWith("GET " + auditPath("accounts", ACCOUNT)))
                    .noneSatisfy(line -> assertThat(line).contains("organizations"));
        }
    }

    @Test
    void checkProbesTheTokenAndTheSourceThroughTheProxy() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"), "audit", "pr0xy-pass-5e1")) {
            h.set("cfaudit.api.proxy", proxy.url())
                    .set("cfaudit.api.proxy-username", "audit")
                    .set("cfaudit.api.proxy-password", "pr0xy-pass-5e1");
            Map<String, Object> results = h.routes().check();
            assertThat(results.get("connection default"))
                    .asString()
                    .isEqualTo("GET /user/tokens/verify answered 200: user token active through the proxy "
                            + proxy.url() + " (as audit); used by source acct");
            assertThat(results.get("source acct")).asString().contains("answered 200");
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.requests().size() >= 2);
            assertThat(proxy.requests())
                    .anyMatch(l ->
                            l.startsWith("GET http://127.0.0.1:" + h.sim.port() + "/client/v4/user/tokens/verify "))
                    .anyMatch(l -> l.startsWith("GET " + auditPath("accounts", ACCOUNT)));
        }
    }

    @Test
    void checkVerifiesAnAccountOwnedTokenThroughTheProxy() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"))) {
            h.sim.acceptAccountToken(TOKEN_B, ACCOUNT);
            h.set("cfaudit.api.proxy", proxy.url()).set("cfaudit.api.token", TOKEN_B);
            Map<String, Object> results = h.routes().check();
            assertThat(results.get("connection default"))
                    .asString()
                    .startsWith("GET /accounts/" + ACCOUNT + "/tokens/verify answered 200: account-owned token of "
                            + "account " + ACCOUNT + ", active")
                    .endsWith(" through the proxy " + proxy.url() + "; used by source acct");
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.requests().size() >= 3);
            assertThat(proxy.requests())
                    .anyMatch(l ->
                            l.startsWith("GET http://127.0.0.1:" + h.sim.port() + "/client/v4/user/tokens/verify "))
                    .anyMatch(l -> l.startsWith("GET http://127.0.0.1:" + h.sim.port() + "/client/v4/accounts/"
                            + ACCOUNT + "/tokens/verify "));
        }
    }

    @Test
    void anHttpsBaseUrlIsReachedThroughAConnectTunnel() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"))) {
            // the simulator speaks plain HTTP, so the TLS handshake inside the tunnel fails: what matters is that the
            // proxy was asked for a tunnel (CONNECT host:port), never for the request itself
            h.set("cfaudit.api.base-url", "https://127.0.0.1:" + h.sim.port() + "/client/v4")
                    .set("cfaudit.api.proxy", proxy.url())
                    .set("cfaudit.api.max-retries", "0")
                    .set("cfaudit.api.timeout", "PT1S");
            RunSummary run = h.runOnceSingle();
            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            await().atMost(Duration.ofSeconds(5)).until(() -> !proxy.requests().isEmpty());
            assertThat(proxy.requests()).containsExactly("CONNECT 127.0.0.1:" + h.sim.port() + " HTTP/1.1");
            assertThat(h.sim.requests()).isEmpty();
        }
    }
}
