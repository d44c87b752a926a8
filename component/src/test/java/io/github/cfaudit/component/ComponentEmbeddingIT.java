package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.Credentials;
import io.github.cfaudit.config.Secret;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component face: a plain CamelContext, nothing set up but a route of the host's own from
 * {@code cloudflare-audit:} to a mock and to a real file endpoint. The plain {@link DefaultCamelContext} is the point
 * here (the component is found by its scheme, with no setup): these tests do not use CamelTestSupport.
 */
class ComponentEmbeddingIT {
    private static final String TOKEN = "embed-token-77c1";
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onePagePerExchangeAndTheCheckpointMovesOnlyWhenThePageExchangeCompleted() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken(TOKEN)) {
            Instant t = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                sim.addAccountEntry(ACCOUNT, Entries.audit("e" + i, t.plusSeconds(i)));
            }
            Path state = dir.resolve("state");
            Path out = dir.resolve("out");
            AtomicBoolean failPageTwo = new AtomicBoolean(true);
            // per page exchange: its ids and the checkpoint's watermark at the moment the route saw it
            List<List<String>> pages = new CopyOnWriteArrayList<>();
            List<Instant> checkpointSeen = new CopyOnWriteArrayList<>();
            try (CamelContext host = new DefaultCamelContext()) {
                host.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("cloudflare-audit:acct?type=account&accountId=" + ACCOUNT + "&apiToken=" + TOKEN
                                        + "&baseUrl=" + sim.baseUrl() + "&stateDirectory=" + state
                                        + "&pageSize=2&start=PT1H"
                                        + "&settle=PT0S&initialDelay=0&delay=300")
                                .routeId("host-audit")
                                .to("mock:pages")
                                .process(e -> {
                                    List<?> body = e.getMessage().getBody(List.class);
                                    pages.add(body.stream()
                                            .map(x -> ((AuditEntry) x).id())
                                            .toList());
                                    checkpointSeen.add(new FileCheckpointStore(state)
                                            .load("acct")
                                            .map(Checkpoint::watermark)
                                            .orElse(null));
                                    if (body.contains(entry(body, "e2")) && failPageTwo.getAndSet(false)) {
                                        throw new IllegalStateException("the host's route failed on page 2");
                                    }
                                })
                                .split(body())
                                .to("file:" + out + "?fileName=audit.ndjson&fileExist=Append&appendChars=\\n");
                    }
                });
                host.start();

                Path file = out.resolve("audit.ndjson");
                await().atMost(Duration.ofSeconds(20))
                        .until(() ->
                                Files.exists(file) && Files.readAllLines(file).size() == 5);
                // each entry once, in event-time order, as the exact JSON the API sent
                assertThat(Files.readAllLines(file))
                        .extracting(ComponentEmbeddingIT::id)
                        .containsExactly("e0", "e1", "e2", "e3", "e4");

                // run 1: page 1 (e0, e1) committed, page 2 failed in the route; run 2 repeats page 2, then page 3
                assertThat(pages.subList(0, 4))
                        .containsExactly(List.of("e0", "e1"), List.of("e2", "e3"), List.of("e2", "e3"), List.of("e4"));
                // page 2 was seen with page 1's checkpoint, and after it failed the checkpoint had not moved
                assertThat(checkpointSeen.get(1)).isEqualTo(t.plusSeconds(1));
                assertThat(checkpointSeen.get(2))
                        .as("the checkpoint when page 2 came again")
                        .isEqualTo(t.plusSeconds(1));
                assertThat(checkpointSeen.get(3)).isEqualTo(t.plusSeconds(3));

                MockEndpoint mock = host.getEndpoint("mock:pages", MockEndpoint.class);
                Exchange first = mock.getReceivedExchanges().get(0);
                assertThat(first.getMessage().getHeaders())
                        .containsEntry(CloudflareAuditConstants.SOURCE, "acct")
                        .containsEntry(CloudflareAuditConstants.SOURCE_TYPE, "account")
                        .containsEntry(CloudflareAuditConstants.PAGE_NUMBER, 1)
                        .containsEntry(CloudflareAuditConstants.ENTRY_COUNT, 2)
                        .containsEntry(CloudflareAuditConstants.WATERMARK, t.plusSeconds(1));
                Exchange repeated = mock.getReceivedExchanges().get(2);
                assertThat(repeated.getMessage().getHeader(CloudflareAuditConstants.PAGE_NUMBER))
                        .isEqualTo(2);
                assertThat(repeated.getMessage().getHeader(CloudflareAuditConstants.WATERMARK))
                        .isEqualTo(t.plusSeconds(3));

                // once the run read the window to its end, the watermark is there; later polls deliver nothing again
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> new FileCheckpointStore(state)
                                .load("acct")
                                .map(Checkpoint::watermark)
                                .orElseThrow()
                                .isAfter(t.plusSeconds(4)));
                sim.addAccountEntry(ACCOUNT, Entries.audit("e5", Instant.now().minusSeconds(2)));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Files.readAllLines(file).size() == 6);
                assertThat(Files.readAllLines(file))
                        .extracting(ComponentEmbeddingIT::id)
                        .endsWith("e5")
                        .doesNotHaveDuplicates();
            }
        }
    }

    /** The id of an entry written as a JSON line. */
    private static String id(String line) {
        try {
            return JSON.readTree(line).get("id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static Object entry(List<?> body, String id) {
        return body.stream()
                .filter(x -> ((AuditEntry) x).id().equals(id))
                .findFirst()
                .orElse(null);
    }

    @Test
    void quartzFiresThePollsWithACron() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken(TOKEN)) {
            sim.addAccountEntry(ACCOUNT, Entries.audit("q0", Instant.now().minus(Duration.ofMinutes(5))));
            List<String> received = new CopyOnWriteArrayList<>();
            try (CamelContext host = new DefaultCamelContext()) {
                host.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("cloudflare-audit:quartz-acct?type=account&accountId=" + ACCOUNT + "&apiToken=" + TOKEN
                                        + "&baseUrl=" + sim.baseUrl() + "&stateDirectory=" + dir.resolve("state")
                                        + "&settle=PT0S"
                                        + "&scheduler=quartz&scheduler.cron=*/2+*+*+*+*+?")
                                .split(body())
                                .process(e -> received.add(
                                        e.getMessage().getBody(AuditEntry.class).id()));
                    }
                });
                host.start();
                await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 1);
                CloudflareAuditConsumer consumer =
                        (CloudflareAuditConsumer) host.getRoutes().get(0).getConsumer();
                assertThat(consumer.getScheduler())
                        .isInstanceOf(org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler.class);
                sim.addAccountEntry(ACCOUNT, Entries.audit("q1", Instant.now().minusSeconds(1)));
                await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 2);
                assertThat(received).containsExactly("q0", "q1");
            }
        }
    }

    @Test
    void aNamedConnectionAndACheckpointStoreComeFromTheRegistry() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken(TOKEN)) {
            sim.addAccountEntry(ACCOUNT, Entries.audit("r0", Instant.now().minus(Duration.ofMinutes(5))));
            // a connection as the application's configuration declares it (cfaudit.api.*): token, base URL,
            // timeouts, rate limit and retries
            ConnectionConfig connection = new ConnectionConfig(
                    ConnectionConfig.DEFAULT,
                    new ApiConfig(
                            URI.create(sim.baseUrl()),
                            new Credentials.ApiToken(Secret.of(TOKEN)),
                            ApiConfig.DEFAULT_CONNECT_TIMEOUT,
                            ApiConfig.DEFAULT_TIMEOUT,
                            ApiConfig.DEFAULT_RATE_LIMIT,
                            ApiConfig.DEFAULT_MAX_RETRIES,
                            ApiConfig.DEFAULT_RETRY_DELAY),
                    Optional.empty(),
                    "cfaudit.api");
            Path stores = dir.resolve("registry-store");
            List<String> received = new CopyOnWriteArrayList<>();
            try (CamelContext host = new DefaultCamelContext()) {
                host.getRegistry().bind("audit-conn", connection);
                host.getRegistry().bind("audit-store", new FileCheckpointStore(stores));
                host.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("cloudflare-audit:reg-acct?type=account&accountId=" + ACCOUNT
                                        + "&connection=#audit-conn&checkpointStore=#audit-store&settle=PT0S&initialDelay=0")
                                .split(body())
                                .process(e -> received.add(
                                        e.getMessage().getBody(AuditEntry.class).id()));
                    }
                });
                host.start();
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> received.size() == 1
                                && new FileCheckpointStore(stores)
                                        .load("reg-acct")
                                        .isPresent());
                assertThat(received).containsExactly("r0");
                assertThat(sim.requests())
                        .isNotEmpty()
                        .allMatch(r -> ("Bearer " + TOKEN).equals(r.header("Authorization")));
            }
        }
    }

    @Test
    void anOptionOutOfRangeFailsWithWhatIsValid() throws Exception {
        try (CamelContext host = new DefaultCamelContext()) {
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("cloudflare-audit:acct?type=account&accountId=" + ACCOUNT + "&apiToken=x&pageSize=5000")
                            .to("mock:never");
                }
            });
            org.assertj.core.api.Assertions.assertThatThrownBy(host::start)
                    .hasStackTraceContaining("cloudflare-audit:acct: pageSize")
                    .hasStackTraceContaining("1 to 1000");
        }
    }
}
