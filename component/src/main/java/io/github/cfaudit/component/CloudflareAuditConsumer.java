package io.github.cfaudit.component;

import io.github.cfaudit.cloudflare.AuditEntries;
import io.github.cfaudit.internal.RootCause;
import io.github.cfaudit.source.PageCommitter;
import io.github.cfaudit.source.PageFetcher;
import io.github.cfaudit.source.RunOutcome;
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
 * exchange completes (an on-completion {@link Synchronization}, as Camel's own consumers commit) and the route's error
 * handling accepted the page; a failed exchange, or one whose failure handler failed, discards it and stops the run,
 * so the next poll starts again at that page. Pages are processed one at a time, in
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
                setup.source(), setup.connection(), setup.budget(), setup.ops(), setup.capture(), setup.nodeId());
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

    /**
     * One run of the source; returns the number of page exchanges it sent (0: an idle poll, for
     * {@code sendEmptyMessageWhenIdle} and the idle backoff). A run that failed (the API, the checkpoint store) throws
     * its failure, so that Camel's poll strategy, {@code bridgeErrorHandler} and {@code backoffErrorThreshold} see a
     * failed poll; a page the route failed or did not accept does not fail the poll, as the route's error handler
     * already had it. The application's sources do not throw: their runs are reported by the application.
     */
    @Override
    protected int poll() throws Exception {
        if (!running.tryLock()) {
            LOG.debug(
                    "source {}: the previous run is still going; this poll is skipped",
                    setup.source().name());
            return 0;
        }
        try {
            Run run = runSource();
            Exception failure = run.pollFailure();
            if (failure != null && setup.failsPoll()) {
                throw failure;
            }
            return run.exchanges;
        } finally {
            running.unlock();
        }
    }

    /** Runs the source once now (waiting for a run in progress to end first) and says what the run did. */
    public RunSummary runNow() throws InterruptedException {
        running.lockInterruptibly();
        try {
            return runSource().summary;
        } finally {
            running.unlock();
        }
    }

    /** What the last run did; null before the first one ended. */
    public RunSummary lastRun() {
        return lastRun;
    }

    private Run runSource() {
        Run run = new Run();
        try {
            run.summary = runner.run(new SourceRunner.PageDelivery() {
                @Override
                public void deliver(SourcePage page, PageCommitter.Pending commit) throws Exception {
                    CloudflareAuditConsumer.this.deliver(run, page, commit);
                }

                @Override
                public boolean accepting() {
                    return isRunAllowed();
                }

                @Override
                public void runFailed(Exception cause) {
                    run.failure = cause;
                }
            });
            lastRun = run.summary;
            return run;
        } finally {
            if (setup.afterRun() != null) {
                setup.afterRun().run();
            }
        }
    }

    /**
     * One page, one exchange: its checkpoint is published when the exchange completes and the route's error handling
     * accepted the page (see {@link PageAcceptance}), discarded otherwise, which stops the run.
     */
    private void deliver(Run run, SourcePage page, PageCommitter.Pending commit) throws Exception {
        Exchange exchange = createExchange(false);
        run.exchanges++;
        PageAcceptance acceptance = new PageAcceptance();
        try {
            Message m = exchange.getMessage();
            m.setHeader(CloudflareAuditConstants.SOURCE, setup.source().name());
            m.setHeader(
                    CloudflareAuditConstants.SOURCE_TYPE, setup.source().type().configName());
            m.setHeader(CloudflareAuditConstants.PAGE_NUMBER, page.number());
            m.setHeader(CloudflareAuditConstants.WATERMARK, commit.watermark());
            m.setHeader(CloudflareAuditConstants.ENTRY_COUNT, page.entries().size());
            m.setBody(new AuditEntries(page.entries()));
            exchange.setProperty(PageAcceptance.PROPERTY, acceptance);
            exchange.getExchangeExtension().addOnCompletion(new Synchronization() {
                @Override
                public void onComplete(Exchange done) {
                    if (acceptance.refusal() != null) {
                        // handled, but by a failure handler that failed itself: the page was not taken anywhere
                        commit.discard();
                        return;
                    }
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
            Exception failure = exchange.getException();
            if (failure == null && acceptance.refusal() != null) {
                failure = new PageNotAcceptedException(page.number(), acceptance.refusal());
            }
            if (failure != null) {
                run.pageFailure = failure;
                throw failure;
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** What one run did, for {@link #poll()}. */
    private static final class Run {
        RunSummary summary;
        /** Page exchanges sent. */
        int exchanges;
        /** What made the run fail, or null. */
        Exception failure;
        /** What the last page exchange failed with, or null. */
        Exception pageFailure;

        /** The failure of the run itself: not that of a page, which the route's error handler already had. */
        Exception pollFailure() {
            return summary.outcome() == RunOutcome.FAILED && failure != null && failure != pageFailure ? failure : null;
        }
    }

    /** A page whose exchange completed although the failure handler given its failure failed too. */
    static final class PageNotAcceptedException extends Exception {
        PageNotAcceptedException(int page, Throwable handlerFailure) {
            super(
                    "page " + page + " was not accepted: the route's failure handler (dead-letter channel or "
                            + "onException) failed on it: " + RootCause.message(handlerFailure)
                            + "; the page comes again at the next poll",
                    handlerFailure);
        }
    }
}
