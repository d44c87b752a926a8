package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.cloudflare.AuditEntries;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route of a host's own, {@code from("cloudflare-audit:...")} to a mock, against the Cloudflare API simulator over
 * HTTP: one exchange per page, with the page's entries as {@link AuditEntries} and its headers.
 */
class CloudflareAuditConsumerIT extends CamelTestSupport {
    private static final String TOKEN = "consumer-it-token-5d1e";
    private static final String ORG = "0f5e1c2a9b7d4e6f8a1b3c5d7e9f0a2b";

    private static CloudflareApiSimulator sim;
    private static List<String> ids;

    @TempDir
    static Path state;

    @BeforeAll
    static void startTheSimulatorWithFiveEntries() {
        sim = CloudflareApiSimulator.start().acceptToken(TOKEN);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ids = new SyntheticAuditData(7L)
                .populateOrganization(
                        sim, ORG, 5, now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(10)));
    }

    @AfterAll
    static void stopTheSimulator() {
        sim.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // one poll: the first at once, the next an hour later (Camel's duration syntax, via the configurer)
                from("cloudflare-audit:org-main?type=organization&organizationId=" + ORG + "&apiToken=" + TOKEN
                                + "&baseUrl=" + sim.baseUrl() + "&stateDirectory=" + state
                                + "&pageSize=2&start=PT1H&settle=PT0S&initialDelay=0&delay=1h")
                        .routeId("audit")
                        .autoStartup(false)
                        .to("mock:pages");
            }
        };
    }

    @Test
    void eachPageArrivesAsOneExchangeWithItsEntriesAndTheCheckpointFollows() throws Exception {
        MockEndpoint pages = getMockEndpoint("mock:pages");
        pages.expectedMessageCount(3);
        pages.expectedHeaderValuesReceivedInAnyOrder(CloudflareAuditConstants.PAGE_NUMBER, 1, 2, 3);
        pages.allMessages().header(CloudflareAuditConstants.SOURCE).isEqualTo("org-main");
        pages.allMessages().header(CloudflareAuditConstants.SOURCE_TYPE).isEqualTo("organization");
        pages.allMessages().body().isInstanceOf(AuditEntries.class);
        pages.message(0).header(CloudflareAuditConstants.ENTRY_COUNT).isEqualTo(2);
        pages.message(2).header(CloudflareAuditConstants.ENTRY_COUNT).isEqualTo(1);
        PageExchanges.startAndAwait(context, pages, 3);

        // the pages as NDJSON (the component's type converter): every entry once, in event-time order
        assertThat(PageExchanges.deliveredIds(pages)).containsExactlyElementsOf(ids);

        // the last page's watermark is committed once its exchange completed
        Instant lastWatermark = pages.getReceivedExchanges()
                .get(2)
                .getMessage()
                .getHeader(CloudflareAuditConstants.WATERMARK, Instant.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> new FileCheckpointStore(state)
                        .load("org-main")
                        .map(Checkpoint::watermark)
                        .filter(w -> !w.isBefore(lastWatermark))
                        .isPresent());
        // what went over the wire: the organization's audit log, with the endpoint's token
        assertThat(sim.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.path()).endsWith("/organizations/" + ORG + "/logs/audit");
            assertThat(r.param("limit")).as("pageSize").isEqualTo("2");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        });
    }
}
