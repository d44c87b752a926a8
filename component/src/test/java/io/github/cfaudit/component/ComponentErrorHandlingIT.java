package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.CloudflareApiException;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cloudflare-audit:} in a user's route, meeting Camel's error handling: a page that reaches a file (the
 * route's or a dead-letter channel's) as NDJSON, a failure handler that fails holding the checkpoint, and the API's
 * failures reaching the bridge error handler, the backoff and the poll strategy as a failed poll. Each test adds its
 * own route to the test's started context, with the error handling it is about.
 */
class ComponentErrorHandlingIT extends CamelTestSupport {
    private static final String TOKEN = "errors-token-5d2e";
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final Instant T = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    private CloudflareApiSimulator sim;
    private Path state;
    /** The entries as the API sends them, in event-time order. */
    private final List<String> raw = new ArrayList<>();

    /** Before the context is created: a simulator with five entries. */
    @Override
    protected void setupResources() {
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

    /** After the context stopped: its consumers poll no more. */
    @Override
    protected void cleanupResources() {
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

    /** Waits until the checkpoint of {@code source} is past the last entry. */
    private void awaitCheckpointAtTheEnd(String source) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> watermark(source) != null && watermark(source).isAfter(T.plusSeconds(4)));
    }

    private static byte[] read(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    @Test
    void aWholePageSentToAFileIsWrittenAsNdjson() throws Exception {
        Path out = dir.resolve("out");
        NotifyBuilder threePages =
                new NotifyBuilder(context).fromRoute("whole").whenCompleted(3).create();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("whole", "")).routeId("whole").to("file:" + out + "?fileName=pages.ndjson&fileExist=Append");
            }
        });

        assertThat(threePages.matches(20, TimeUnit.SECONDS))
                .as("three page exchanges completed")
                .isTrue();
        assertThat(read(out.resolve("pages.ndjson"))).isEqualTo(ndjson(raw));
        awaitCheckpointAtTheEnd("whole");
        assertThat(read(out.resolve("pages.ndjson"))).isEqualTo(ndjson(raw));
    }

    @Test
    void aDeadLetterChannelToAFileReceivesThePageAndThenTheCheckpointMoves() throws Exception {
        Path dlq = dir.resolve("dlq");
        NotifyBuilder threePages =
                new NotifyBuilder(context).fromRoute("dlq-ok").whenDone(3).create();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("file:" + dlq + "?fileName=pages.ndjson&fileExist=Append"));
                from(uri("dlq-ok", "")).routeId("dlq-ok").process(e -> {
                    throw new IllegalStateException("the host's route fails on every page");
                });
            }
        });

        // every page in the dead-letter file, once, as the API sent it; the checkpoint then reaches the end
        assertThat(threePages.matches(20, TimeUnit.SECONDS))
                .as("three page exchanges done")
                .isTrue();
        assertThat(read(dlq.resolve("pages.ndjson"))).isEqualTo(ndjson(raw));
        awaitCheckpointAtTheEnd("dlq-ok");
        assertThat(read(dlq.resolve("pages.ndjson"))).isEqualTo(ndjson(raw));
    }

    @Test
    void aDeadLetterChannelWhoseWriteFailsHoldsTheCheckpointAndThePageComesAgain() throws Exception {
        // the dead-letter directory's parent is a regular file: the file producer cannot create it
        Path blocker = Files.writeString(dir.resolve("blocked"), "not a directory");
        Path dlq = blocker.resolve("dlq");
        MockEndpoint pages = getMockEndpoint("mock:pages");
        // three polls, each stopped at page 1: its dead-letter delivery failed, so it was not taken anywhere
        pages.expectedMinimumMessageCount(3);
        pages.allMessages().header(CloudflareAuditConstants.PAGE_NUMBER).isEqualTo(1);
        pages.setResultWaitTime(20_000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("file:" + dlq + "?fileName=pages.ndjson&fileExist=Append"));
                from(uri("dlq-fails", "")).to("mock:pages").process(e -> {
                    throw new IllegalStateException("the host's route fails on every page");
                });
            }
        });

        pages.assertIsSatisfied();
        assertThat(watermark("dlq-fails"))
                .as("the checkpoint while the DLQ fails")
                .isNull();

        // the dead-letter channel can write again: every entry arrives there, once, and the checkpoint moves on
        Files.delete(blocker);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(read(dlq.resolve("pages.ndjson"))).isEqualTo(ndjson(raw)));
        awaitCheckpointAtTheEnd("dlq-fails");
    }

    @Test
    void aDeadLetterChannelFailingOnOneSplitEntryHoldsItsPage() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocked"), "not a directory");
        Path dlq = blocker.resolve("dlq");
        Path out = dir.resolve("out");
        MockEndpoint pages = getMockEndpoint("mock:pages");
        // page 1 tried at least twice, and no page after it while e1's dead-letter delivery fails
        pages.expectedMinimumMessageCount(2);
        pages.allMessages().header(CloudflareAuditConstants.PAGE_NUMBER).isEqualTo(1);
        pages.setResultWaitTime(20_000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // an entry converts to its JSON alone: the file endpoint adds the LF
                errorHandler(
                        deadLetterChannel("file:" + dlq + "?fileName=entries.ndjson&fileExist=Append&appendChars=\\n"));
                from(uri("split-dlq", ""))
                        .to("mock:pages")
                        .split(body())
                        .process(e -> {
                            if (e.getMessage().getBody(AuditEntry.class).id().equals("e1")) {
                                throw new IllegalStateException("the host's route fails on e1");
                            }
                        })
                        .to("file:" + out + "?fileName=entries.ndjson&fileExist=Append&appendChars=\\n");
            }
        });

        pages.assertIsSatisfied();
        assertThat(watermark("split-dlq"))
                .as("the checkpoint while e1's DLQ fails")
                .isNull();

        Files.delete(blocker);
        // e1 in the dead-letter file once; the others in the route's file (e0 once per try of page 1)
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(read(dlq.resolve("entries.ndjson"))).isEqualTo(ndjson(List.of(raw.get(1)))));
        awaitCheckpointAtTheEnd("split-dlq");
        assertThat(Files.readAllLines(out.resolve("entries.ndjson")))
                .containsOnly(raw.get(0), raw.get(2), raw.get(3), raw.get(4))
                .containsOnlyOnce(raw.get(2), raw.get(3), raw.get(4));
    }

    @Test
    void anOnExceptionHandledThatWritesThePageCommitsIt() throws Exception {
        Path handled = dir.resolve("handled");
        NotifyBuilder threePages =
                new NotifyBuilder(context).fromRoute("on-exception").whenDone(3).create();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IllegalStateException.class)
                        .handled(true)
                        .to("file:" + handled + "?fileName=pages.ndjson&fileExist=Append");
                from(uri("on-exception", "")).routeId("on-exception").process(e -> {
                    throw new IllegalStateException("the host's route fails on every page");
                });
            }
        });

        assertThat(threePages.matches(20, TimeUnit.SECONDS))
                .as("three page exchanges done")
                .isTrue();
        assertThat(read(handled.resolve("pages.ndjson"))).isEqualTo(ndjson(raw));
        awaitCheckpointAtTheEnd("on-exception");
    }

    @Test
    void withBridgeErrorHandlerAnApiFailureReachesTheRoutesOnException() throws Exception {
        MockEndpoint failures = getMockEndpoint("mock:api-failures");
        MockEndpoint pages = getMockEndpoint("mock:pages");
        failures.expectedMinimumMessageCount(2);
        failures.setResultWaitTime(20_000);
        pages.expectedMessageCount(0);
        // everything logged meanwhile, this component's loggers at DEBUG: Camel logs the route's endpoint as it starts
        try (LogCapture log = LogCapture.withDebug("io.github.cfaudit")) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    onException(CloudflareApiException.class).handled(true).to("mock:api-failures");
                    from(uri("bridged", "&apiToken=revoked-token-91ab&maxRetries=0&bridgeErrorHandler=true"))
                            .to("mock:pages");
                }
            });

            MockEndpoint.assertIsSatisfied(failures, pages);
            Exception caught =
                    failures.getReceivedExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            assertThat(caught).isInstanceOf(CloudflareApiException.class).hasMessageContaining("403");
            assertThat(caught.getMessage()).doesNotContain("revoked-token-91ab");
            assertThat(log.all()).contains("bridged").doesNotContain("revoked-token-91ab");
        }
    }

    @Test
    void failedPollsBackOffAndReachThePollStrategy() throws Exception {
        ManualPolls polls = new ManualPolls();
        RecordingPollStrategy strategy = new RecordingPollStrategy();
        context.getRegistry().bind("manual", polls);
        context.getRegistry().bind("recording", strategy);
        MockEndpoint pages = getMockEndpoint("mock:pages");
        pages.expectedMessageCount(0);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(
                                "backoff",
                                "&apiToken=revoked-token-91ab&maxRetries=0&scheduler=#manual"
                                        + "&pollStrategy=#recording&backoffErrorThreshold=1&backoffMultiplier=3"))
                        .to("mock:pages");
            }
        });

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
        pages.assertIsSatisfied();
    }

    @Test
    void anIdlePollSendsAnEmptyMessageWhenAskedTo() throws Exception {
        ManualPolls polls = new ManualPolls();
        context.getRegistry().bind("manual", polls);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("idle", "&scheduler=#manual&sendEmptyMessageWhenIdle=true"))
                        .to("mock:pages");
            }
        });
        MockEndpoint pages = getMockEndpoint("mock:pages");

        polls.fire();
        // three pages (2 + 2 + 1 entries): not idle, so no empty message
        assertThat(pages.getReceivedExchanges())
                .extracting(e -> e.getMessage().getBody(List.class).size())
                .containsExactly(2, 2, 1);

        // nothing new: the run fetched entries it had delivered and sent no page exchange, so Camel sent one
        pages.expectedMessageCount(4);
        pages.message(3).body().isNull();
        pages.message(3).header(CloudflareAuditConstants.PAGE_NUMBER).isNull();
        polls.fire();
        pages.assertIsSatisfied();
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
