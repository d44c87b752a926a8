package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedded, the component reports arrival lag into the host's MeterRegistry, as the application does. */
class ComponentArrivalLagIT {
    private static final String TOKEN = "embed-token-5a0f";
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

    @TempDir
    Path dir;

    @Test
    void theHostsRegistryGetsTheLagOfEveryDeliveredEntry() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken(TOKEN)) {
            Instant t = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                sim.addAccountEntry(ACCOUNT, Entries.audit("e" + i, t.plusSeconds(i)));
            }
            MeterRegistry registry = new SimpleMeterRegistry();
            try (CamelContext host = new DefaultCamelContext()) {
                host.getRegistry().bind("meters", registry);
                host.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("cloudflare-audit:acct?type=account&accountId=" + ACCOUNT + "&apiToken=" + TOKEN
                                        + "&baseUrl=" + sim.baseUrl() + "&stateDirectory=" + dir.resolve("state")
                                        + "&start=PT1H&settle=PT0S&initialDelay=0&delay=60000")
                                .log("page of ${body.size()}");
                    }
                });
                host.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    DistributionSummary s = registry.find("cfaudit.entry.arrival.lag")
                            .tag("source", "acct")
                            .summary();
                    return s != null && s.count() == 5;
                });
                DistributionSummary lag = registry.find("cfaudit.entry.arrival.lag")
                        .tag("source", "acct")
                        .summary();
                // fetched about 30 minutes after their event time
                assertThat(lag.mean()).isBetween(29 * 60.0, 31 * 60.0);
                assertThat(lag.getId().getBaseUnit()).isEqualTo("seconds");
                assertThat(registry.find("cfaudit.late.arrivals").counter())
                        .as("a first run has no late arrivals")
                        .isNull();
            }
        }
    }
}
