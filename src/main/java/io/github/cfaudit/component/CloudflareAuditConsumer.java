package io.github.cfaudit.component;

import io.github.cfaudit.source.PageCommitter;
import io.github.cfaudit.source.PageFetcher;
import io.github.cfaudit.source.RunReport;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.source.SourcePage;
import io.github.cfaudit.source.SourceRunner;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduled polling consumer: each poll is one run of the source, from its checkpoint to the end of its window
 * (see {@link SourceRunner}), and each page of the run is one exchange. The page's checkpoint is published when its
 * exchange completes (an on-completion {@link Synchronization}, as Camel's own consumers commit); a failed exchange
 * discards it and stops the run, so the next poll starts again at that page. Pages are processed one at a time, in
 * order, on the poll's thread; the request of the next page runs ahead meanwhile.
 */
public final class CloudflareAuditConsumer extends ScheduledPollConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(CloudflareAuditConsumer.class);

    private final SourceSetup setup;
    /** One run at a time: a poll that finds a run in progress skips; {@link #runNow()} waits for it. */
    private final ReentrantLock running = new ReentrantLock();

    private PageFetcher fetcher;
    private SourceRunner runner;
    private volatile RunSummary lastRun;

    CloudflareAuditConsumer(CloudflareAuditEndpoint endpoint, Processor processor, SourceSetup setup) {
        super(endpoint, processor);
        this.setup = setup;
    }

    @Override
    protected void doStart() throws Exception {
        fetcher = new PageFetcher(
                setup.source(),
                setup.api(),
                setup.budget(),
                setup.ops(),
                setup.capture(),
                setup.nodeId(),
                setup.httpClientConfigurer());
        fetcher.start(getEndpoint().getCamelContext());
        runner = new SourceRunner(
                setup.source(),
                setup.store(),
                setup.clock(),
                fetcher,
                new RunReport(setup.source(), setup.ops(), setup.clock(), setup.scheduled()),
                setup.ops());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (fetcher != null) {
            fetcher.close();
        }
    }

    @Override
    protected int poll() {
        if (!running.tryLock()) {
            LOG.debug(
                    "source {}: the previous run is still going; this poll is skipped",
                    setup.source().name());
            return 0;
        }
        try {
            return runSource().pages();
        } finally {
            running.unlock();
        }
    }

    /** Runs the source once now (waiting for a run in progress to end first) and says what the run did. */
    public RunSummary runNow() throws InterruptedException {
        running.lockInterruptibly();
        try {
            return runSource();
        } finally {
            running.unlock();
        }
    }

    /** What the last run did; null before the first one ended. */
    public RunSummary lastRun() {
        return lastRun;
    }

    private RunSummary runSource() {
        try {
            RunSummary summary = runner.run(new SourceRunner.PageDelivery() {
                @Override
                public void deliver(SourcePage page, PageCommitter.Pending commit) throws Exception {
                    CloudflareAuditConsumer.this.deliver(page, commit);
                }

                @Override
                public boolean accepting() {
                    return isRunAllowed();
                }
            });
            lastRun = summary;
            return summary;
        } finally {
            if (setup.afterRun() != null) {
                setup.afterRun().run();
            }
        }
    }

    /** One page, one exchange: its checkpoint is published when the exchange completes, discarded when it fails. */
    private void deliver(SourcePage page, PageCommitter.Pending commit) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            Message m = exchange.getMessage();
            m.setHeader(CloudflareAuditConstants.SOURCE, setup.source().name());
            m.setHeader(
                    CloudflareAuditConstants.SOURCE_TYPE, setup.source().type().configName());
            m.setHeader(CloudflareAuditConstants.PAGE_NUMBER, page.number());
            m.setHeader(CloudflareAuditConstants.WATERMARK, commit.watermark());
            m.setHeader(CloudflareAuditConstants.ENTRY_COUNT, page.entries().size());
            m.setBody(page.entries());
            exchange.getExchangeExtension().addOnCompletion(new Synchronization() {
                @Override
                public void onComplete(Exchange done) {
                    @SuppressWarnings("unchecked")
                    Map<String, Long> accepted =
                            done.getProperty(CloudflareAuditConstants.ACCEPTED_PROPERTY, Map.class);
                    if (accepted != null) {
                        commit.acceptedBy(accepted);
                    }
                    try {
                        commit.publish();
                    } catch (RuntimeException e) {
                        // kept by the commit: the run writes the checkpoint again, or fails with it
                    }
                }

                @Override
                public void onFailure(Exchange failed) {
                    commit.discard();
                }
            });
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
