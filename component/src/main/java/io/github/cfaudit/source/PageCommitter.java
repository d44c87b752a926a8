package io.github.cfaudit.source;

import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.operations.Progress;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.CheckpointStore;
import java.time.Instant;

/**
 * Moves a source's checkpoint past a page, in the order that loses nothing: the checkpoint is <em>staged</em> before
 * the page is handed on (a fenced store refuses here, before any sink sees the page), the page is delivered (the
 * sinks flush, or the host's route completes), and only then is the checkpoint <em>published</em>; a failed delivery
 * discards it. The page's entries count as delivered once its checkpoint is written.
 */
public final class PageCommitter {
    private final SourceConfig source;
    private final CheckpointStore store;
    private final Operations ops;

    public PageCommitter(SourceConfig source, CheckpointStore store, Operations ops) {
        this.source = source;
        this.store = store;
        this.ops = ops;
    }

    /** Prepares the checkpoint past {@code page}; the caller delivers the page, then publishes or discards. */
    public Pending stage(SourceRun run, SourcePage page) {
        Checkpoint next = run.nextCheckpoint(page.maxTime(), page.ids());
        return new Pending(run, page, next, store.stage(source.name(), next));
    }

    /** The end of the window was reached: the watermark moves there. */
    void commitEnd(SourceRun run) {
        commitAt(run, run.window().before());
    }

    /** Everything before {@code end} was delivered (a backfill slice was read to its end): the watermark moves there. */
    void commitAt(SourceRun run, Instant end) {
        Checkpoint next = run.nextCheckpoint(end, java.util.Map.of());
        store.save(source.name(), next);
        run.committed(next, 0);
    }

    /** A staged checkpoint, published once its page was delivered, or discarded; either at most once. */
    public final class Pending {
        private final SourceRun run;
        private final SourcePage page;
        private final Checkpoint next;
        private CheckpointStore.Staged staged;
        private RuntimeException failure;

        private Pending(SourceRun run, SourcePage page, Checkpoint next, CheckpointStore.Staged staged) {
            this.run = run;
            this.page = page;
            this.next = next;
            this.staged = staged;
        }

        /** The page was delivered: the checkpoint moves past it. A failure to write it is kept for {@link #failure()}. */
        public void publish() {
            CheckpointStore.Staged s = take();
            if (s == null) {
                return;
            }
            try {
                s.publish();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            run.committed(next, page.ids().size());
            ops.metrics().delivered(source.name(), page.ids().size());
            PageArrivals arrivals = page.arrivals();
            run.arrived(page);
            ops.metrics().arrivalLag(source.name(), arrivals.lagMillis(), arrivals.count());
            if (arrivals.late() > 0) {
                ops.metrics().lateArrivals(source.name(), arrivals.behindMillis(), arrivals.late());
            }
            reportProgress(page.maxTime());
        }

        /** The page was not delivered: the checkpoint stays where it was. */
        public void discard() {
            CheckpointStore.Staged s = take();
            if (s != null) {
                s.discard();
            }
        }

        /** Entries each destination accepted, for the run's summary. */
        public void acceptedBy(java.util.Map<String, Long> counts) {
            run.acceptedBy(counts);
        }

        /** What went wrong writing the checkpoint, or null. */
        public RuntimeException failure() {
            return failure;
        }

        /** The watermark once published. */
        public Instant watermark() {
            return next.watermark();
        }

        private synchronized CheckpointStore.Staged take() {
            CheckpointStore.Staged s = staged;
            staged = null;
            return s;
        }

        private void reportProgress(Instant position) {
            boolean log = run.progressLogDue(ops.settings().progressInterval());
            ops.progress(
                    Progress.of(
                            source.name(),
                            run.window().since(),
                            run.window().before(),
                            position,
                            run.delivered(),
                            run.elapsed()),
                    log);
        }
    }
}
