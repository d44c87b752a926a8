package io.github.cfaudit.source;

import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.state.CheckpointStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(SourceRunner.class);
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
            List<Window> slices = Slices.of(source, run.window());
            if (slices.size() > 1) {
                backfill(run, slices, delivery);
            } else {
                while (run.state() instanceof RunState.Running) {
                    if (!delivery.accepting()) {
                        run.stop("its route is stopping");
                        break;
                    }
                    SourcePage page = run.read(fetcher.next(run));
                    fetcher.fetchAhead(run);
                    deliver(run, page, delivery);
                }
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

    /**
     * A long window, paged by parallel cursor chains over its time slices ({@link BackfillChains}) and delivered
     * exactly as one chain would: page by page in event-time order, the watermark moving to each slice's end once it
     * was read. A slice's failure fails the run there; everything before it stays committed.
     */
    private void backfill(SourceRun run, List<Window> slices, PageDelivery delivery) throws Exception {
        LOG.info(
                "source {}: backfill of {} in {} slices of {}, {} cursor chains",
                source.name(),
                run.window(),
                slices.size(),
                source.backfill().slice(),
                Math.min(source.backfill().parallelism(), slices.size()));
        try (BackfillChains chains = fetcher.backfill(run, slices)) {
            while (run.state() instanceof RunState.Running) {
                if (!delivery.accepting()) {
                    run.stop("its route is stopping");
                    break;
                }
                BackfillChains.Item item = chains.next();
                if (item instanceof BackfillChains.Page p) {
                    if (run.pages() >= source.maxPages()) {
                        run.stop("max-pages (" + source.maxPages() + ") reached");
                        break;
                    }
                    deliver(run, run.readSlice(p.page()), delivery);
                } else if (item instanceof BackfillChains.SliceEnd end) {
                    if (!(end.state() instanceof RunState.ReachedEnd)) {
                        run.stop(end.state().reason() + " (slice " + (end.slice() + 1) + " of " + slices.size() + ")");
                    } else if (end.slice() + 1 == slices.size()) {
                        run.reachedEnd();
                    } else {
                        committer.commitAt(run, slices.get(end.slice()).before());
                    }
                } else if (item instanceof BackfillChains.Failed failed) {
                    throw failed.failure();
                }
            }
        }
    }

    /** Stages, delivers and publishes one page (or only moves the watermark, when all of it was delivered before). */
    private void deliver(SourceRun run, SourcePage page, PageDelivery delivery) throws Exception {
        if (page.maxTime() == null) {
            return;
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
