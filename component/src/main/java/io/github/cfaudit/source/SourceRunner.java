package io.github.cfaudit.source;

import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.state.CheckpointStore;
import java.time.Clock;

/**
 * One run of a source, from its checkpoint to the end of its window, page by page:
 * <pre>
 *   start (checkpoint, window) -> fetch page (ahead) -> paging rule, drop delivered ids -> stage checkpoint
 *     -> deliver the page -> publish checkpoint (or discard it and stop)   ... until the rule says stop
 *   -> at the end of the window, the watermark moves there -> report
 * </pre>
 * How a page is delivered is the caller's: the {@code cloudflare-audit} consumer makes it one exchange.
 */
public final class SourceRunner {
    private final SourceConfig source;
    private final CheckpointStore store;
    private final Clock clock;
    private final PageFetcher fetcher;
    private final PageCommitter committer;
    private final RunReport report;

    public SourceRunner(
            SourceConfig source,
            CheckpointStore store,
            Clock clock,
            PageFetcher fetcher,
            RunReport report,
            io.github.cfaudit.operations.Operations ops) {
        this.source = source;
        this.store = store;
        this.clock = clock;
        this.fetcher = fetcher;
        this.committer = new PageCommitter(source, store, ops);
        this.report = report;
    }

    /** Hands a page on. Must publish {@code commit} once the page is delivered, or discard it and throw. */
    @FunctionalInterface
    public interface PageDelivery {
        void deliver(SourcePage page, PageCommitter.Pending commit) throws Exception;

        /** False once the receiver is stopping: the run then ends before its next page, with what it committed. */
        default boolean accepting() {
            return true;
        }

        /** The run failed with {@code cause} (a page's delivery failure included); called before the run's report. */
        default void runFailed(Exception cause) {}
    }

    /** Runs the source once; never throws: a failure is in the summary (and logged once). */
    public RunSummary run(PageDelivery delivery) {
        SourceRun run = null;
        try {
            run = SourceRun.start(source, store, clock);
            report.started(run);
            while (run.state() instanceof RunState.Running) {
                if (!delivery.accepting()) {
                    run.stop("its route is stopping");
                    break;
                }
                SourcePage page = run.read(fetcher.next(run));
                fetcher.fetchAhead(run);
                if (page.maxTime() == null) {
                    continue;
                }
                PageCommitter.Pending commit = committer.stage(run, page);
                if (page.entries().isEmpty()) {
                    // every entry was delivered before: nothing to hand on, the watermark still moves
                    try {
                        commit.publish();
                    } catch (RuntimeException e) {
                        // kept by the commit, written again below
                    }
                } else {
                    try {
                        delivery.deliver(page, commit);
                    } finally {
                        commit.discard();
                    }
                }
                writeAgainIfFailed(run, page, commit.failure());
            }
            if (run.state() instanceof RunState.ReachedEnd) {
                committer.commitEnd(run);
            }
            return report.finished(run);
        } catch (Exception e) {
            fetcher.dropAhead();
            delivery.runFailed(e);
            return report.failed(run, e);
        }
    }

    /** The page was delivered but its checkpoint not written: write it again (not the page), as a request is retried. */
    private void writeAgainIfFailed(SourceRun run, SourcePage page, RuntimeException failure)
            throws InterruptedException {
        for (int attempt = 0; failure != null; attempt++) {
            fetcher.retryOrThrow(run, attempt, "the checkpoint after page " + page.number(), failure);
            PageCommitter.Pending again = committer.stage(run, page);
            try {
                again.publish();
                failure = null;
            } catch (RuntimeException e) {
                again.discard();
                failure = e;
            }
        }
    }
}
