package io.github.cfaudit.kamelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.simulator.junit.CloudflareApiSimulatorTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/embedding.md, "Testing with the test kit", as written there: a user's route consuming
 * {@code cloudflare-audit:} from the simulator in a JUnit 5 test. (It lives here because this module is the one
 * with both the component and the test kit on its test class path.)
 */
@CloudflareApiSimulatorTest(tokens = "test-token")
class TestKitExampleTest {

    @TempDir
    Path state;

    @Test
    void myRouteGetsEveryEntryOfTheOrganization(CloudflareApiSimulator cloudflare) throws Exception {
        Instant now = Instant.now();
        List<String> ids = new SyntheticAuditData()
                .populateOrganization(cloudflare, "org-1", 5, now.minus(Duration.ofMinutes(50)), now.minusSeconds(60));

        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("cloudflare-audit:test-org?type=organization&organizationId=org-1&apiToken=test-token"
                                    + "&baseUrl=" + cloudflare.baseUrl() + "&stateDirectory=" + state
                                    + "&start=PT1H&settle=PT0S&initialDelay=0")
                            .split(body())
                            .to("mock:entries");
                }
            });
            MockEndpoint entries = context.getEndpoint("mock:entries", MockEndpoint.class);
            entries.expectedMessageCount(5);
            context.start();

            entries.assertIsSatisfied(10_000);
            assertThat(entries.getReceivedExchanges())
                    .extracting(e -> e.getMessage().getBody(AuditEntry.class).id())
                    .containsExactlyElementsOf(ids);
        }
    }
}
