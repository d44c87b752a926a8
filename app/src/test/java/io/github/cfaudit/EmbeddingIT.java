package io.github.cfaudit;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.Entries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host application adds the routes to its own plain CamelContext, next to its own routes, and taps the entries. */
class EmbeddingIT {
    @TempDir
    Path dir;

    @Test
    void aHostContextRunsTheRoutesBesideItsOwnAndSubscribesToTheEntryStream() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("host-token")) {
            Instant t = Instant.now().minus(Duration.ofMinutes(30));
            for (int i = 0; i < 5; i++) {
                sim.addAccountEntry(ACCOUNT, Entries.audit("e" + i, t.plusSeconds(i)));
            }
            Properties p = new Properties();
            p.setProperty("cfaudit.api.base-url", sim.baseUrl());
            p.setProperty("cfaudit.api.token", "host-token");
            p.setProperty("cfaudit.state.directory", dir.resolve("state").toString());
            p.setProperty("cfaudit.source.acct.type", "account");
            p.setProperty("cfaudit.source.acct.account-id", ACCOUNT);
            p.setProperty("cfaudit.source.acct.schedule", "* * * * * ?");
            p.setProperty("cfaudit.source.acct.settle", "PT0S");
            p.setProperty("cfaudit.sink.host.type", "endpoint");
            p.setProperty("cfaudit.sink.host.uri", "direct:host-audit");

            List<String> received = new CopyOnWriteArrayList<>();
            try (CamelContext host = new DefaultCamelContext()) {
                host.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:host-own").routeId("host-own").transform(simple("hello ${body}"));
                        from("direct:host-audit")
                                .routeId("host-audit")
                                .process(e ->
                                        received.add(e.getMessage().getHeader("CloudflareAuditEntryId", String.class)));
                    }
                });
                host.addRoutes(CloudflareAuditRoutes.fromProperties(p));
                host.start();

                await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
                assertThat(received).containsExactly("e0", "e1", "e2", "e3", "e4");
                try (ProducerTemplate producer = host.createProducerTemplate()) {
                    assertThat(producer.requestBody("direct:host-own", "world", String.class))
                            .isEqualTo("hello world");
                }
                assertThat(host.getRoutes())
                        .extracting(r -> r.getRouteId())
                        .containsExactlyInAnyOrder("host-own", "host-audit", "cfaudit-source-acct");
                // the application's routes consume the component; Quartz fires the source's runs
                assertThat(host.getRoute("cfaudit-source-acct").getConsumer())
                        .isInstanceOfSatisfying(
                                io.github.cfaudit.component.CloudflareAuditConsumer.class,
                                c -> assertThat(c.getScheduler())
                                        .isInstanceOf(
                                                org.apache.camel.pollconsumer.quartz
                                                        .QuartzScheduledPollConsumerScheduler.class));

                // later runs deliver only what is new
                sim.addAccountEntry(ACCOUNT, Entries.audit("e5", Instant.now().minusSeconds(5)));
                await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 6);
                assertThat(received).endsWith("e5").doesNotHaveDuplicates();
            }
        }
    }
}
