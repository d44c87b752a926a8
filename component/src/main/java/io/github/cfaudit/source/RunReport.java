package io.github.cfaudit.source;

import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.internal.RootCause;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.state.CheckpointFencedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run of a source did, said once at its end: the {@link RunSummary}, the log line (INFO complete, WARN stopped
 * early or fenced, ERROR failed, without the stack trace), and the source's status for health and metrics.
 */
public final class RunReport {
    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

    private final SourceConfig source;
    private final Operations ops;
    private final Clock clock;
    /** Whether a scheduled run follows (says so when one failed). */
    private final boolean scheduled;

    public RunReport(SourceConfig source, Operations ops, Clock clock, boolean scheduled) {
        this.source = source;
        this.ops = ops;
        this.clock = clock;
        this.scheduled = scheduled;
    }

    /** The run started: health and metrics learn the watermark it starts from. */
    void started(SourceRun run) {
        ops.source(source.name())
                .watermark(run.checkpoint() == null ? null : run.checkpoint().watermark());
    }

    /** The run ended without an error: complete, or stopped early on purpose. */
    RunSummary finished(SourceRun run) {
        warnOutsideWindow(run);
        warnLateArrivals(run);
        RunState state = run.state();
        RunSummary summary = summary(run, state.complete() ? RunOutcome.COMPLETE : RunOutcome.INCOMPLETE, null);
        ops.source(source.name()).succeeded(clock.instant(), summary.watermark());
        if (summary.outcome() == RunOutcome.COMPLETE) {
            LOG.info(
                    "source {}: window {}: {} page(s), {} new entries, {} already delivered{}{}; sinks {}; {} ms; watermark {}",
                    source.name(),
                    run.window(),
                    run.pages(),
                    run.delivered(),
                    run.duplicates(),
                    run.skipped() > 0 ? ", " + run.skipped() + " skipped" : "",
                    run.retries() > 0 ? ", " + run.retries() + " retries" : "",
                    run.perSink(),
                    summary.duration().toMillis(),
                    summary.watermark());
        } else {
            LOG.warn(
                    "source {}: stopped early because {}: {} page(s), {} new entries committed, watermark {}; "
                            + "the next run continues from there",
                    source.name(),
                    state.reason(),
                    run.pages(),
                    run.delivered(),
                    summary.watermark());
        }
        return summary;
    }

    /** The run threw (run is null when it could not even start): what it did, logged once. */
    RunSummary failed(SourceRun run, Throwable cause) {
        warnOutsideWindow(run);
        warnLateArrivals(run);
        String reason = rootMessage(cause);
        CheckpointFencedException fenced = fenced(cause);
        if (fenced != null) {
            // another node owns the source now: not a failure of this one, and nothing to retry here
            LOG.warn(fenced.getMessage());
            return run == null
                    ? new RunSummary(
                            source.name(),
                            RunOutcome.INCOMPLETE,
                            null,
                            0,
                            0,
                            0,
                            0,
                            Map.of(),
                            null,
                            Duration.ZERO,
                            fenced.getMessage())
                    : summary(run, RunOutcome.INCOMPLETE, fenced.getMessage());
        }
        RunSummary summary = run == null
                ? new RunSummary(
                        source.name(), RunOutcome.FAILED, null, 0, 0, 0, 0, Map.of(), null, Duration.ZERO, reason)
                : summary(run, RunOutcome.FAILED, reason);
        ops.source(source.name()).failed(clock.instant(), reason, summary.watermark());
        LOG.error(
                "source {}: run failed after {} page(s), {} entries committed; checkpoint stays at {}: {}{}",
                source.name(),
                summary.pages(),
                summary.delivered(),
                summary.watermark(),
                reason,
                scheduled
                        ? ". The next scheduled run (" + source.schedule() + ") starts again from the checkpoint"
                        : "");
        LOG.debug("source {}: failure detail", source.name(), cause);
        return summary;
    }

    /** Once per run: entries the API returned outside the window asked for, which the run did not deliver. */
    private void warnOutsideWindow(SourceRun run) {
        if (run == null || run.outsideWindow() == 0) {
            return;
        }
        LOG.warn(
                "source {}: {} entries outside [{}, {}) skipped (the API returned them, but their event time is not in "
                        + "the window this run reads)",
                source.name(),
                run.outsideWindow(),
                run.deliverFrom(),
                run.window().before());
    }

    /**
     * Once per run: late arrivals that the lookback caught with less than a quarter of it to spare (see
     * {@link LateArrivals}). Entries a little later than those were not read at all, so this is the sign that
     * {@code lookback} is too short.
     */
    private void warnLateArrivals(SourceRun run) {
        if (run == null || run.lateArrivals().nearMisses() == 0) {
            return;
        }
        LateArrivals late = run.lateArrivals();
        LOG.warn(
                "source {}: {} late arrival(s) came within a quarter of the lookback ({}) of being missed, of {} late "
                        + "this run; the worst, entry {} with event time {}, was {} behind the watermark {}. An entry "
                        + "arriving later than the lookback reaches is never read: raise cfaudit.source.{}.lookback "
                        + "(see docs/operations.md#arrival-lag)",
                source.name(),
                late.nearMisses(),
                source.lookback(),
                late.late(),
                late.worstId(),
                late.worstTime(),
                late.worstBehind(),
                late.worstTime().plus(late.worstBehind()),
                source.name());
    }

    private static CheckpointFencedException fenced(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CheckpointFencedException f) {
                return f;
            }
        }
        return null;
    }

    private RunSummary summary(SourceRun run, RunOutcome outcome, String failure) {
        return new RunSummary(
                source.name(),
                outcome,
                run.window(),
                run.pages(),
                run.delivered(),
                run.duplicates(),
                run.skipped(),
                run.perSink(),
                run.checkpoint() == null ? null : run.checkpoint().watermark(),
                run.elapsed(),
                failure);
    }

    /** The message of the real cause (see {@link RootCause}). */
    public static String rootMessage(Throwable e) {
        return RootCause.message(e);
    }
}
