package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntries;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
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
 * {@code from("cloudflare-audit:...?type=user-v1")} against the simulator: the token's own user's audit logs v1, one
 * exchange per page, page numbers 1, 2, 3 with the same window, the source type in the header.
 */
class CloudflareAuditV1ConsumerIT extends CamelTestSupport {
    private static final String TOKEN = "consumer-v1-token-7a2c";

    private static CloudflareApiSimulator sim;
    private static List<String> ids;

    @TempDir
    static Path state;

    @BeforeAll
    static void startTheSimulatorWithFiveUserEntries() {
        sim = CloudflareApiSimulator.start().acceptToken(TOKEN);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ids = new SyntheticAuditData(9L)
                .populateUser(sim, TOKEN, 5, now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(10)));
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
                from("cloudflare-audit:me?type=user-v1&apiToken=" + TOKEN + "&baseUrl=" + sim.baseUrl()
                                + "&stateDirectory=" + state
                                + "&pageSize=2&start=PT1H&settle=PT0S&initialDelay=0&delay=1h")
                        .routeId("audit")
                        .autoStartup(false)
                        .to("mock:pages");
            }
        };
    }

    @Test
    void eachNumberedPageArrivesAsOneExchange() throws Exception {
        MockEndpoint pages = getMockEndpoint("mock:pages");
        pages.expectedMessageCount(3);
        pages.allMessages().header(CloudflareAuditConstants.SOURCE_TYPE).isEqualTo("user-v1");
        pages.allMessages().body().isInstanceOf(AuditEntries.class);
        PageExchanges.startAndAwait(context, pages, 3);
        assertThat(PageExchanges.deliveredIds(pages)).containsExactlyElementsOf(ids);
        assertThat(sim.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/client/v4/user/audit_logs");
            assertThat(r.param("per_page")).isEqualTo("2");
            assertThat(r.param("direction")).isEqualTo("asc");
            assertThat(r.param("since")).isEqualTo(sim.requests().get(0).param("since"));
            assertThat(r.param("before")).isEqualTo(sim.requests().get(0).param("before"));
        });
        assertThat(sim.requests()).extracting(r -> r.param("page")).containsExactly("1", "2", "3");
    }
}
