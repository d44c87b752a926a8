package io.github.cfaudit.connection;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.internal.BuildInfo;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.RecordingRelay;
import io.github.cfaudit.testing.Tinyproxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.VersionInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page requests byte for byte, as a relay in front of the simulator or the proxy saw them: request line, header
 * names, values and order, direct and through a proxy (absolute URI for http, CONNECT for https, Basic
 * authentication after the proxy's challenge).
 */
class WireBytesIT {
    private static final String CLIENT_USER_AGENT =
            VersionInfo.getSoftwareInfo("Apache-HttpClient", "org.apache.hc.client5", HttpClientBuilder.class);

    @Harness
    AuditHarness h;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT).set("cfaudit.api.max-retries", "0");
        h.fileSink("all", null);
        h.sim.addAccountEntry(ACCOUNT, Entries.audit("e1", DAY.plusSeconds(10)));
    }

    private String path() {
        return "/client/v4/accounts/" + ACCOUNT + "/logs/audit?"
                + h.sim.requests().get(0).rawQuery();
    }

    @Test
    void aPageRequestWithAToken() throws Exception {
        try (RecordingRelay relay = RecordingRelay.to(h.sim.port())) {
            h.set("cfaudit.api.base-url", "http://127.0.0.1:" + relay.port() + "/client/v4");
            assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> relay.allRequestHeads().size() == 1);
            assertThat(relay.allRequestHeads())
                    .containsExactly("GET " + path() + " HTTP/1.1\r\n"
                            + "Accept: application/json\r\n"
                            + "Authorization: Bearer " + TOKEN + "\r\n"
                            + "User-Agent: " + BuildInfo.userAgent() + "\r\n"
                            + "Accept-Encoding: gzip, x-gzip, deflate\r\n"
                            + "Host: 127.0.0.1:" + relay.port() + "\r\n"
                            + "Connection: keep-alive\r\n"
                            + "\r\n");
        }
    }

    @Test
    void aPageRequestWithTheGlobalKey() throws Exception {
        h.sim.clearCredentials().acceptGlobalKey("ops@example.com", "global-key-1");
        h.remove("cfaudit.api.token")
                .set("cfaudit.api.email", "ops@example.com")
                .set("cfaudit.api.key", "global-key-1");
        try (RecordingRelay relay = RecordingRelay.to(h.sim.port())) {
            h.set("cfaudit.api.base-url", "http://127.0.0.1:" + relay.port() + "/client/v4");
            assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> relay.allRequestHeads().size() == 1);
            assertThat(relay.allRequestHeads())
                    .containsExactly("GET " + path() + " HTTP/1.1\r\n"
                            + "Accept: application/json\r\n"
                            + "User-Agent: " + BuildInfo.userAgent() + "\r\n"
                            + "X-Auth-Email: ops@example.com\r\n"
                            + "X-Auth-Key: global-key-1\r\n"
                            + "Accept-Encoding: gzip, x-gzip, deflate\r\n"
                            + "Host: 127.0.0.1:" + relay.port() + "\r\n"
                            + "Connection: keep-alive\r\n"
                            + "\r\n");
        }
    }

    @Test
    void throughAProxyAnHttpBaseUrlIsAnAbsoluteUriRequestWithBasicAuthenticationAfterTheChallenge() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"), "audit", "pr0xy-pass-5e1");
                RecordingRelay relay = RecordingRelay.to(proxy.port())) {
            h.set("cfaudit.api.proxy", "http://127.0.0.1:" + relay.port())
                    .set("cfaudit.api.proxy-username", "audit")
                    .set("cfaudit.api.proxy-password", "pr0xy-pass-5e1");
            RunSummary run = h.runOnceSingle();
            assertThat(run.outcome()).as(String.valueOf(run.failure())).isEqualTo(RunOutcome.COMPLETE);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> relay.allRequestHeads().size() == 2);
            // Apache HttpClient 5.5 offers a TLS upgrade on a plain request to a proxy, and sends the request again
            // after the challenge without Accept-Encoding: as before, when camel-http sent the requests
            String requestLine = "GET http://127.0.0.1:" + h.sim.port() + path() + " HTTP/1.1\r\n"
                    + "Accept: application/json\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\n"
                    + "User-Agent: " + BuildInfo.userAgent() + "\r\n";
            String upgrade = "Host: 127.0.0.1:" + h.sim.port() + "\r\n"
                    + "Upgrade: TLS/1.2\r\n"
                    + "Connection: Upgrade\r\n"
                    + "\r\n";
            assertThat(relay.allRequestHeads())
                    .containsExactly(
                            requestLine + "Accept-Encoding: gzip, x-gzip, deflate\r\n" + upgrade,
                            requestLine + "Proxy-Authorization: Basic " + basic("audit:pr0xy-pass-5e1") + "\r\n"
                                    + upgrade);
        }
    }

    @Test
    void throughAProxyAnHttpsBaseUrlIsAConnectTunnelAndRefusedCredentialsEndTheRun() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"), "audit", "pr0xy-pass-5e1");
                RecordingRelay relay = RecordingRelay.to(proxy.port())) {
            h.set("cfaudit.api.base-url", "https://127.0.0.1:" + h.sim.port() + "/client/v4")
                    .set("cfaudit.api.proxy", "http://127.0.0.1:" + relay.port())
                    .set("cfaudit.api.proxy-username", "audit")
                    .set("cfaudit.api.proxy-password", "wrong-pass-0c2");
            RunSummary run = h.runOnceSingle();
            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.failure()).contains("answered 407").contains("Not retried");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> relay.allRequestHeads().size() == 2);
            String connect = "CONNECT 127.0.0.1:" + h.sim.port() + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + h.sim.port() + "\r\n"
                    + "User-Agent: " + CLIENT_USER_AGENT + "\r\n";
            assertThat(relay.allRequestHeads())
                    .containsExactly(
                            connect + "\r\n",
                            connect + "Proxy-Authorization: Basic " + basic("audit:wrong-pass-0c2") + "\r\n\r\n");
        }
    }

    @Test
    void theCheckProbesSendTheSameHeadersInTheirOrder() throws Exception {
        try (RecordingRelay relay = RecordingRelay.to(h.sim.port())) {
            h.set("cfaudit.api.base-url", "http://127.0.0.1:" + relay.port() + "/client/v4");
            h.routes().check();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !relay.allRequestHeads().isEmpty());
            List<String> heads = relay.allRequestHeads();
            assertThat(heads.get(0))
                    .isEqualTo("GET /client/v4/user/tokens/verify HTTP/1.1\r\n"
                            + "Authorization: Bearer " + TOKEN + "\r\n"
                            + "Accept: application/json\r\n"
                            + "User-Agent: " + BuildInfo.userAgent() + "\r\n"
                            + "Accept-Encoding: gzip, x-gzip, deflate\r\n"
                            + "Host: 127.0.0.1:" + relay.port() + "\r\n"
                            + "Connection: keep-alive\r\n"
                            + "\r\n");
        }
    }

    private static String basic(String userAndPassword) {
        return Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
