package io.github.cfaudit;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.routing.EntryHeaders;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.Entries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host application adds the routes to its own CamelContext, next to its own routes, and taps the entries. */
class EmbeddingIT extends CamelTestSupport {
    private static final String TOKEN = "host-token";
    private static final String ENTRY_ID = EntryHeaders.ENTRY_ID;

    private static CloudflareApiSimulator sim;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startTheSimulatorWithFiveEntries() {
        sim = CloudflareApiSimulator.start().acceptToken(TOKEN);
        Instant t = Instant.now().minus(Duration.ofMinutes(30));
        for (int i = 0; i < 5; i++) {
            sim.addAccountEntry(ACCOUNT, Entries.audit("e" + i, t.plusSeconds(i)));
        }
    }

    @AfterAll
    static void stopTheSimulator() {
        sim.close();
    }

    EmbeddingIT() {
        // the host adds its own routes and the application's to its context, then starts it: the test does the same
        testConfiguration().withUseRouteBuilder(false);
    }

    /** The host's own routes: one of its own, and the one that subscribes to the entry stream. */
    private static RouteBuilder hostRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:host-own").routeId("host-own").transform(simple("hello ${body}"));
                from("direct:host-audit").routeId("host-audit").to("mock:host-audit");
            }
        };
    }

    private static Properties configuration() {
        Properties p = new Properties();
        p.setProperty("cfaudit.api.base-url", sim.baseUrl());
        p.setProperty("cfaudit.api.token", TOKEN);
        p.setProperty("cfaudit.state.directory", dir.resolve("state").toString());
        p.setProperty("cfaudit.source.acct.type", "account");
        p.setProperty("cfaudit.source.acct.account-id", ACCOUNT);
        p.setProperty("cfaudit.source.acct.schedule", "* * * * * ?");
        p.setProperty("cfaudit.source.acct.settle", "PT0S");
        p.setProperty("cfaudit.sink.host.type", "endpoint");
        p.setProperty("cfaudit.sink.host.uri", "direct:host-audit");
        return p;
    }

    @Test
    void aHostContextRunsTheRoutesBesideItsOwnAndSubscribesToTheEntryStream() throws Exception {
        MockEndpoint entries = getMockEndpoint("mock:host-audit");
        entries.expectedMessageCount(5);
        for (int i = 0; i < 5; i++) {
            entries.message(i).header(ENTRY_ID).isEqualTo("e" + i);
        }
        entries.setResultWaitTime(10_000);

        context.addRoutes(hostRoutes());
        context.addRoutes(CloudflareAuditRoutes.fromProperties(configuration()));
        context.start();

        entries.assertIsSatisfied();
        assertThat(template.requestBody("direct:host-own", "world", String.class))
                .isEqualTo("hello world");
        assertThat(context.getRoutes())
                .extracting(r -> r.getRouteId())
                .containsExactlyInAnyOrder("host-own", "host-audit", "cfaudit-source-acct");
        // the application's routes consume the component; Quartz fires the source's runs
        assertThat(context.getRoute("cfaudit-source-acct").getConsumer())
                .isInstanceOfSatisfying(
                        io.github.cfaudit.component.CloudflareAuditConsumer.class,
                        c -> assertThat(c.getScheduler())
                                .isInstanceOf(
                                        org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler
                                                .class));

        // later runs deliver only what is new: the next entry the host receives is e5, and nothing came again
        sim.addAccountEntry(ACCOUNT, Entries.audit("e5", Instant.now().minusSeconds(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> entries.getReceivedCounter() >= 6);
        assertThat(entries.getReceivedExchanges())
                .extracting(e -> e.getMessage().getHeader(ENTRY_ID, String.class))
                .containsExactly("e0", "e1", "e2", "e3", "e4", "e5");
    }
}
