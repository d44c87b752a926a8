package io.github.cfaudit.kamelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.junit.CloudflareApiSimulatorTest;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kamelet as a user runs it: a YAML route {@code from: kamelet:cloudflare-audit-source} in a plain CamelContext
 * (the Kamelet found on the classpath under {@code kamelets/}), polling the simulator over HTTP.
 */
@CloudflareApiSimulatorTest(tokens = KameletSourceTest.TOKEN)
class KameletSourceTest {
    /**
     * Characters that must survive the trip into the endpoint URI: the user's route gives it as a property placeholder
     * in {@code RAW()} (as any Camel URI value with '&amp;'), and the Kamelet's template passes it on in {@code RAW()}.
     */
    static final String TOKEN = "kamelet-token+/=&x%41";

    private static final String ORG = "0b7a1f7e3c2d4e5f8a9b0c1d2e3f4a5b";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void oneMessagePerEntryWithTheCloudflareJsonAsBodyAndTheCheckpointMoves(CloudflareApiSimulator sim)
            throws Exception {
        Instant t = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        List<String> sent = List.of(
                entry("k0", t, "create"),
                entry("k1", t.plusSeconds(1), "update"),
                entry("k2", t.plusSeconds(2), "delete"),
                entry("k3", t.plusSeconds(3), "update"),
                entry("k4", t.plusSeconds(4), "view"));
        sent.forEach(e -> sim.addOrganizationEntry(ORG, e));

        try (CamelContext context = new DefaultCamelContext()) {
            load(context, route(sim, "- to: mock:entries"));
            MockEndpoint mock = context.getEndpoint("mock:entries", MockEndpoint.class);
            mock.expectedMessageCount(5);
            context.start();
            mock.assertIsSatisfied(20_000);

            List<Exchange> received = mock.getReceivedExchanges();
            assertThat(received).extracting(e -> e.getMessage().getBody()).allMatch(String.class::isInstance);
            // each body is the entry exactly as the API sent it, in event-time order
            assertThat(received)
                    .extracting(e -> e.getMessage().getBody(String.class))
                    .containsExactlyElementsOf(sent);
            assertThat(received)
                    .extracting(e -> JSON.readTree(e.getMessage().getBody(String.class)))
                    .extracting(n -> n.path("id").asText() + " "
                            + n.path("action").path("type").asText())
                    .containsExactly("k0 create", "k1 update", "k2 delete", "k3 update", "k4 view");
            Exchange first = received.get(0);
            assertThat(first.getMessage().getHeaders())
                    .containsEntry("CloudflareAuditEntryId", "k0")
                    .containsEntry("CloudflareAuditSource", "kit-org")
                    .containsEntry("CloudflareAuditSourceType", "organization")
                    .containsEntry("CloudflareAuditPageNumber", 1)
                    .containsEntry("Content-Type", "application/json");
            assertThat(received.get(4).getMessage().getHeader("CloudflareAuditPageNumber"))
                    .isEqualTo(3);

            // the token (with its + / = & %) reached the simulator intact: every request was accepted
            assertThat(sim.requests())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            watermark().map(w -> !w.isBefore(t.plusSeconds(4))).orElse(false));
        }
    }

    @Test
    void aSinkFailureHoldsThePageAndItComesAgainAtTheNextPoll(CloudflareApiSimulator sim) throws Exception {
        Instant t = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 4; i++) {
            sim.addOrganizationEntry(ORG, entry("f" + i, t.plusSeconds(i), "update"));
        }
        AtomicBoolean failOnF3 = new AtomicBoolean(true);
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("failOnce", (Processor) e -> {
                if ("f3".equals(e.getMessage().getHeader("CloudflareAuditEntryId")) && failOnF3.getAndSet(false)) {
                    throw new IllegalStateException("the sink failed on f3");
                }
            });
            load(context, route(sim, "- to: mock:entries\n        - process:\n            ref: failOnce"));
            MockEndpoint mock = context.getEndpoint("mock:entries", MockEndpoint.class);
            mock.expectedMessageCount(6);
            context.start();
            mock.assertIsSatisfied(20_000);
            // page 1 (f0, f1) delivered; page 2 failed on f3, then came again whole at the next poll
            assertThat(mock.getReceivedExchanges())
                    .extracting(e -> JSON.readTree(e.getMessage().getBody(String.class)))
                    .extracting(n -> n.path("id").asText())
                    .containsExactly("f0", "f1", "f2", "f3", "f2", "f3");
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            watermark().map(w -> !w.isBefore(t.plusSeconds(3))).orElse(false));
        }
    }

    private Optional<Instant> watermark() {
        return new FileCheckpointStore(dir.resolve("state")).load("kit-org").map(Checkpoint::watermark);
    }

    /** The user's YAML route: the Kamelet with 2 entries per page, from the last hour, then {@code steps}. */
    private String route(CloudflareApiSimulator sim, String steps) {
        return """
                - route:
                    id: cloudflare-audit
                    from:
                      uri: kamelet:cloudflare-audit-source
                      parameters:
                        sourceName: kit-org
                        type: organization
                        organizationId: %s
                        apiToken: "RAW({{cloudflare.api-token}})"
                        baseUrl: "%s"
                        stateDirectory: "%s"
                        start: PT1H
                        settle: PT0S
                        initialDelay: 0
                        delay: 200
                        pageSize: 2
                      steps:
                        %s
                """.formatted(ORG, sim.baseUrl(), dir.resolve("state"), steps);
    }

    /** The route, with the token as a property of the context, as a user keeps a secret out of the route. */
    private static void load(CamelContext context, String yaml) throws Exception {
        Properties secrets = new Properties();
        secrets.setProperty("cloudflare.api-token", TOKEN);
        context.getPropertiesComponent().setInitialProperties(secrets);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("cloudflare-audit.yaml", yaml));
    }

    private static String entry(String id, Instant time, String type) {
        return "{\"id\":\"" + id + "\",\"action\":{\"description\":\"test\",\"result\":\"success\",\"time\":\"" + time
                + "\",\"type\":\"" + type + "\"},\"actor\":{\"email\":\"alice@example.com\",\"id\":\"u1\","
                + "\"ip_address\":\"192.0.2.1\",\"type\":\"user\",\"context\":\"api_token\"},"
                + "\"resource\":{\"id\":\"r1\",\"product\":\"dns\",\"scope\":\"accounts\",\"type\":\"dns_record\"}}";
    }
}
