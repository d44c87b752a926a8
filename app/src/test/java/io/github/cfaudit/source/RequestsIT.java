package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes on the wire: filters as repeated keys, correct encoding, credentials, and nothing else. */
class RequestsIT {
    private static final Set<String> EXPECTED_HEADERS =
            Set.of("authorization", "accept", "user-agent", "host", "connection", "accept-encoding", "content-length");

    @Harness
    AuditHarness h;

    Path out;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        out = h.fileSink("all", null);
        h.sim.addAccountEntry(
                ACCOUNT, Entries.audit("keep", DAY.plusSeconds(10), "update", "success", "a+b@example.com"));
        h.sim.addAccountEntry(
                ACCOUNT, Entries.audit("view", DAY.plusSeconds(20), "view", "success", "a+b@example.com"));
        h.sim.addAccountEntry(
                ACCOUNT, Entries.audit("other", DAY.plusSeconds(30), "update", "success", "c d@example.com"));
    }

    @Test
    void filtersAreSentAsRepeatedKeysAndReallyFilter() {
        h.set("cfaudit.source.acct.filter.action_type.not", "view,delete");
        h.set("cfaudit.source.acct.filter.actor_email", "a+b@example.com");
        h.runOnceSingle();
        RecordedRequest r = h.sim.requests().get(0);
        assertThat(r.params("action_type.not")).containsExactly("view", "delete");
        assertThat(r.params("actor_email")).containsExactly("a+b@example.com");
        assertThat(r.rawQuery())
                .contains("action_type.not=view&action_type.not=delete")
                .contains("actor_email=a%2Bb%40example.com");
        assertThat(AuditHarness.ids(out)).containsExactly("keep");
    }

    @Test
    void everyFormTheSchemaDeclaresReachesTheWireAndTheApiTakesIt() {
        h.set("cfaudit.source.acct.filter.product_category", "dns");
        h.set("cfaudit.source.acct.filter.audit_log_id.not", "view");
        h.set("cfaudit.source.acct.filter.raw_status_code", "200,403");
        h.set("cfaudit.source.acct.filter.raw_status_code.not", "500");
        h.set("cfaudit.source.acct.filter.actor_email", "a+b@example.com");
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        RecordedRequest r = h.sim.requests().get(0);
        assertThat(r.params("product_category")).containsExactly("dns");
        assertThat(r.params("audit_log_id.not")).containsExactly("view");
        assertThat(r.params("raw_status_code")).containsExactly("200", "403");
        assertThat(r.params("raw_status_code.not")).containsExactly("500");
        assertThat(r.rawQuery()).contains("raw_status_code=200&raw_status_code=403");
        assertThat(AuditHarness.ids(out)).containsExactly("keep");
    }

    @Test
    void aFilterTheApiWouldRejectStopsTheStartInsteadOfFailingEveryRequest() {
        // each of these the simulator answers 400, as the API may: they must not get that far
        for (String[] filter : List.of(
                new String[] {"product_category.not", "zerotrust", "has no parameter 'product_category.not'"},
                new String[] {"actor_email", "not-an-email", "'not-an-email' is not an e-mail address"},
                new String[] {"raw_status_code", "abc", "'abc' is not a whole number"})) {
            String key = "cfaudit.source.acct.filter." + filter[0];
            h.set(key, filter[1]);
            assertThatThrownBy(h::runOnceSingle)
                    .as(key)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + ": ")
                    .hasMessageContaining(filter[2]);
            assertThat(h.sim.requests()).as(key).isEmpty();
            h.remove(key);
        }
    }

    @Test
    void theGlobalKeyIsSentAsEmailAndKeyHeaders() {
        h.sim.clearCredentials().acceptGlobalKey("ops@example.com", "global-key-1");
        h.remove("cfaudit.api.token")
                .set("cfaudit.api.email", "ops@example.com")
                .set("cfaudit.api.key", "global-key-1");
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        RecordedRequest r = h.sim.requests().get(0);
        assertThat(r.header("x-auth-email")).isEqualTo("ops@example.com");
        assertThat(r.header("x-auth-key")).isEqualTo("global-key-1");
        assertThat(r.header("authorization")).isNull();
    }

    @Test
    void aQuartzFiredRunSendsNoQuartzOrCamelHeaders() throws Exception {
        h.set("cfaudit.source.acct.schedule", "* * * * * ?");
        CloudflareAuditRoutes routes = CloudflareAuditRoutes.of(AuditConfigParser.parse(h.properties(), Map.of()))
                .withClock(h.clock);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(routes);
            context.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> AuditHarness.idsSoFar(out).size() == 3);
        }
        List<RecordedRequest> requests = h.sim.requests();
        assertThat(requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.headers().keySet()).isSubsetOf(EXPECTED_HEADERS);
            assertThat(r.header("authorization")).isEqualTo("Bearer " + AuditHarness.TOKEN);
            assertThat(r.header("user-agent"))
                    .isEqualTo("camel-cloudflare-audit/" + io.github.cfaudit.internal.BuildInfo.version())
                    .matches("camel-cloudflare-audit/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        });
        assertThat(requests.get(0).queryParams().keySet())
                .containsExactlyInAnyOrder("since", "before", "direction", "limit");
    }
}
