package io.github.cfaudit.component;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.CloudflareApiException;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cloudflare-audit:} in a user's route, meeting Camel's error handling: a page that reaches a file (the
 * route's or a dead-letter channel's) as NDJSON, a failure handler that fails holding the checkpoint, and the API's
 * failures reaching the bridge error handler, the backoff and the poll strategy as a failed poll.
 */
class ComponentErrorHandlingIT {
    private static final String TOKEN = "errors-token-5d2e";
    private static final Instant T = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    private CloudflareApiSimulator sim;
    private Path state;
    /** The entries as the API sends them, in event-time order. */
    private final List<String> raw = new ArrayList<>();

    @BeforeEach
    void fiveEntries() {
        sim = CloudflareApiSimulator.start().acceptToken(TOKEN);
        state = dir.resolve("state");
        for (int i = 0; i < 5; i++) {
            // bytes a re-serialization would change: raw UTF-8, an escape, an escaped quote, a raw U+2028
            String json = Entries.audit("e" + i, T.plusSeconds(i))
                    .replaceFirst(
                            ",\"action\"", ",\"note\":\"caf\u00e9 \\\\u00e9 \\\\\"q\\\\\" \u2028 \\\\t\",\"action\"");
            raw.add(json);
            sim.addAccountEntry(ACCOUNT, json);
        }
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private String uri(String source, String options) {
        return "cloudflare-audit:" + source + "?type=account&accountId=" + ACCOUNT + "&baseUrl=" + sim.baseUrl()
                + "&stateDirectory=" + state + "&pageSize=2&start=PT1H&settle=PT0S&initialDelay=0&delay=200"
                + (options.contains("apiToken=") ? "" : "&apiToken=" + TOKEN) + options;
    }

    /** The entries as NDJSON: each exactly as the API sent it, LF after each. */
    private byte[] ndjson(List<String> entries) {
        StringBuilder b = new StringBuilder();
        entries.forEach(e -> b.append(e).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Instant watermark(String source) {
        return new FileCheckpointStore(state)
                .load(source)
                .map(Checkpoint::watermark)
                .orElse(null);
    }

    private static byte[] read(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    private static CamelContext started(RoutesBuilder routes) throws Exception {
        CamelContext host = new DefaultCamelContext();
        host.addRoutes(routes);
        host.start();
        return host;
    }

    @Test
    void aWholePageSentToAFileIsWrittenAsNdjson() throws Exception {
        Path out = dir.resolve("out");
        try (CamelContext host = started(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("whole", "")).to("file:" + out + "?fileName=pages.ndjson&fileExist=Append");
            }
        })) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(read(out.resolve("pages.ndjson"))).isEqualTo(ndjson(raw)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            watermark("whole") != null && watermark("whole").isAfter(T.plusSeconds(4)));
            assertThat(read(out.resolve("pages.ndjson"))).isEqualTo(ndjson(raw));
        }
    }

    @Test
    void aDeadLetterChannelToAFileReceivesThePageAndThenTheCheckpointMoves() throws Exception {
        Path dlq = dir.resolve("dlq");
        try (CamelContext host = started(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("file:" + dlq + "?fileName=pages.ndjson&fileExist=Append"));
                from(uri("dlq-ok", "")).process(e -> {
                    throw new IllegalStateException("the host's route fails on every page");
                });
            }
        })) {
            // every page in the dead-letter file, once, as the API sent it; the checkpoint then reaches the end
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(read(dlq.resolve("pages.ndjson"))).isEqualTo(ndjson(raw)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            watermark("dlq-ok") != null && watermark("dlq-ok").isAfter(T.plusSeconds(4)));
            assertThat(read(dlq.resolve("pages.ndjson"))).isEqualTo(ndjson(raw));
        }
    }

    @Test
    void aDeadLetterChannelWhoseWriteFailsHoldsTheCheckpointAndThePageComesAgain() throws Exception {
        // the dead-letter directory's parent is a regular file: the file producer cannot create it
        Path blocker = Files.writeString(dir.resolve("blocked"), "not a directory");
        Path dlq = blocker.resolve("dlq");
        try (CamelContext host = started(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("file:" + dlq + "?fileName=pages.ndjson&fileExist=Append"));
                from(uri("dlq-fails", "")).to("mock:pages").process(e -> {
                    throw new IllegalStateException("the host's route fails on every page");
                });
            }
        })) {
            MockEndpoint pages = host.getEndpoint("mock:pages", MockEndpoint.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> pages.getReceivedCounter() >= 3);
            // three polls, each stopped at page 1: its dead-letter delivery failed, so it was not taken anywhere
            assertThat(pages.getReceivedExchanges())
                    .extracting(e -> e.getMessage().getHeader(CloudflareAuditConstants.PAGE_NUMBER))
                    .containsOnly(1);
            assertThat(watermark("dlq-fails"))
                    .as("the checkpoint while the DLQ fails")
                    .isNull();

            // the dead-letter channel can write again: every entry arrives there, once, and the checkpoint moves on
            Files.delete(blocker);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(read(dlq.resolve("pages.ndjson"))).isEqualTo(ndjson(raw)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watermark("dlq-fails") != null
                            && watermark("dlq-fails").isAfter(T.plusSeconds(4)));
        }
    }

    @Test
    void aDeadLetterChannelFailingOnOneSplitEntryHoldsItsPage() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocked"), "not a directory");
        Path dlq = blocker.resolve("dlq");
        Path out = dir.resolve("out");
        List<Integer> pageOne = new CopyOnWriteArrayList<>();
        try (CamelContext host = started(new RouteBuilder() {
            @Override
            public void configure() {
                // an entry converts to its JSON alone: the file endpoint adds the LF
                errorHandler(
                        deadLetterChannel("file:" + dlq + "?fileName=entries.ndjson&fileExist=Append&appendChars=\\n"));
                from(uri("split-dlq", ""))
                        .process(e -> {
                            if (e.getMessage().getHeader(CloudflareAuditConstants.PAGE_NUMBER, Integer.class) == 1) {
                                pageOne.add(1);
                            }
                        })
                        .split(body())
                        .process(e -> {
                            if (e.getMessage().getBody(AuditEntry.class).id().equals("e1")) {
                                throw new IllegalStateException("the host's route fails on e1");
                            }
                        })
                        .to("file:" + out + "?fileName=entries.ndjson&fileExist=Append&appendChars=\\n");
            }
        })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> pageOne.size() >= 2);
            assertThat(watermark("split-dlq"))
                    .as("the checkpoint while e1's DLQ fails")
                    .isNull();

            Files.delete(blocker);
            // e1 in the dead-letter file once; the others in the route's file (e0 once per try of page 1)
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() ->
                            assertThat(read(dlq.resolve("entries.ndjson"))).isEqualTo(ndjson(List.of(raw.get(1)))));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watermark("split-dlq") != null
                            && watermark("split-dlq").isAfter(T.plusSeconds(4)));
            assertThat(Files.readAllLines(out.resolve("entries.ndjson")))
                    .containsOnly(raw.get(0), raw.get(2), raw.get(3), raw.get(4))
                    .containsOnlyOnce(raw.get(2), raw.get(3), raw.get(4));
        }
    }

    @Test
    void anOnExceptionHandledThatWritesThePageCommitsIt() throws Exception {
        Path handled = dir.resolve("handled");
        try (CamelContext host = started(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IllegalStateException.class)
                        .handled(true)
                        .to("file:" + handled + "?fileName=pages.ndjson&fileExist=Append");
                from(uri("on-exception", "")).process(e -> {
                    throw new IllegalStateException("the host's route fails on every page");
                });
            }
        })) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() ->
                            assertThat(read(handled.resolve("pages.ndjson"))).isEqualTo(ndjson(raw)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watermark("on-exception") != null
                            && watermark("on-exception").isAfter(T.plusSeconds(4)));
        }
    }

    @Test
    void withBridgeErrorHandlerAnApiFailureReachesTheRoutesOnException() throws Exception {
        try (LogCapture log = LogCapture.of(ComponentErrorHandlingIT.class);
                CamelContext host = started(new RouteBuilder() {
                    @Override
                    public void configure() {
                        onException(CloudflareApiException.class).handled(true).to("mock:api-failures");
                        from(uri("bridged", "&apiToken=revoked-token-91ab&maxRetries=0&bridgeErrorHandler=true"))
                                .to("mock:pages");
                    }
                })) {
            MockEndpoint failures = host.getEndpoint("mock:api-failures", MockEndpoint.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> failures.getReceivedCounter() >= 2);
            Exception caught =
                    failures.getReceivedExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            assertThat(caught).isInstanceOf(CloudflareApiException.class).hasMessageContaining("403");
            assertThat(caught.getMessage()).doesNotContain("revoked-token-91ab");
            assertThat(host.getEndpoint("mock:pages", MockEndpoint.class).getReceivedCounter())
                    .isZero();
            assertThat(log.all()).doesNotContain("revoked-token-91ab");
        }
    }

    @Test
    void failedPollsBackOffAndReachThePollStrategy() throws Exception {
        ManualPolls polls = new ManualPolls();
        RecordingPollStrategy strategy = new RecordingPollStrategy();
        try (CamelContext host = new DefaultCamelContext()) {
            host.getRegistry().bind("manual", polls);
            host.getRegistry().bind("recording", strategy);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri(
                                    "backoff",
                                    "&apiToken=revoked-token-91ab&maxRetries=0&scheduler=#manual"
                                            + "&pollStrategy=#recording&backoffErrorThreshold=1&backoffMultiplier=3"))
                            .to("mock:pages");
                }
            });
            host.start();
            polls.fire();
            int perRun = sim.requests().size();
            assertThat(perRun).isPositive();
            for (int i = 0; i < 9; i++) {
                polls.fire();
            }
            // ten ticks: after each failed poll the next two are skipped (backoffMultiplier=3): polls 1, 4, 7, 10
            assertThat(sim.requests()).hasSize(4 * perRun);
            assertThat(strategy.rollbacks).hasSize(4).allMatch(e -> e instanceof CloudflareApiException);
            assertThat(strategy.commits).isZero();
        }
    }

    @Test
    void anIdlePollSendsAnEmptyMessageWhenAskedTo() throws Exception {
        ManualPolls polls = new ManualPolls();
        try (CamelContext host = new DefaultCamelContext()) {
            host.getRegistry().bind("manual", polls);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri("idle", "&scheduler=#manual&sendEmptyMessageWhenIdle=true"))
                            .to("mock:pages");
                }
            });
            host.start();
            MockEndpoint pages = host.getEndpoint("mock:pages", MockEndpoint.class);
            polls.fire();
            // three pages (2 + 2 + 1 entries): not idle, so no empty message
            assertThat(pages.getReceivedExchanges())
                    .extracting(e -> e.getMessage().getBody(List.class).size())
                    .containsExactly(2, 2, 1);
            polls.fire();
            // nothing new: the run fetched entries it had delivered and sent no page exchange, so Camel sent one
            assertThat(pages.getReceivedExchanges()).hasSize(4);
            Exchange empty = pages.getReceivedExchanges().get(3);
            assertThat(empty.getMessage().getBody()).isNull();
            assertThat(empty.getMessage().getHeader(CloudflareAuditConstants.PAGE_NUMBER))
                    .isNull();
        }
    }

    /** A scheduler the test fires itself: each {@link #fire()} is one tick of the consumer, on the test's thread. */
    static final class ManualPolls extends ServiceSupport implements ScheduledPollConsumerScheduler {
        private CamelContext context;
        private volatile Runnable task;

        void fire() {
            task.run();
        }

        @Override
        public void onInit(Consumer consumer) {}

        @Override
        public void scheduleTask(Runnable task) {
            this.task = task;
        }

        @Override
        public void unscheduleTask() {
            task = null;
        }

        @Override
        public void startScheduler() {}

        @Override
        public boolean isSchedulerStarted() {
            return task != null;
        }

        @Override
        public void setCamelContext(CamelContext context) {
            this.context = context;
        }

        @Override
        public CamelContext getCamelContext() {
            return context;
        }
    }

    /** Camel's poll strategy, recording what each poll came to. */
    static final class RecordingPollStrategy implements PollingConsumerPollStrategy {
        final List<Exception> rollbacks = new CopyOnWriteArrayList<>();
        volatile int commits;

        @Override
        public boolean begin(Consumer consumer, org.apache.camel.Endpoint endpoint) {
            return true;
        }

        @Override
        public void commit(Consumer consumer, org.apache.camel.Endpoint endpoint, int polledMessages) {
            commits++;
        }

        @Override
        public boolean rollback(Consumer consumer, org.apache.camel.Endpoint endpoint, int retryCounter, Exception e) {
            rollbacks.add(e);
            return false;
        }
    }
}
