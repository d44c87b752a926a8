package io.github.cfaudit.cluster;

import io.github.cfaudit.config.SourceConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.quartz.CronTrigger;
import org.quartz.JobExecutionContext;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.KeyMatcher;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz trigger that fires a source's runs: its cron, one trigger per source ({@code cfaudit.<source>}), one run
 * at a time. Missed fires are not caught up, single node and cluster alike: a fire that fell due while the source's
 * previous run was still going on does nothing (Quartz holds it back until the run ends and would then fire it, and
 * every other one missed meanwhile, back to back), and a fire Quartz's job store finds later than its misfire
 * threshold (a frozen node) does nothing either ({@code misfireInstruction=2}). In cluster mode the trigger lives in
 * the shared job store, and nodes starting together may race to store it, which Camel's scheduler only tolerates
 * once the trigger exists; so a lost race is retried, and then finds the other node's trigger.
 */
public final class SourceTrigger extends QuartzScheduledPollConsumerScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(SourceTrigger.class);

    private final String source;
    private final MissedFires missedFires;

    public SourceTrigger(SourceConfig source) {
        this.source = source.name();
        this.missedFires = new MissedFires("cfaudit-missed-fires-" + source.name());
        setCron(source.schedule());
        setTriggerGroup("cfaudit");
        setTriggerId(source.name());
        setTriggerParameters(new HashMap<>(Map.of("misfireInstruction", CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING)));
    }

    @Override
    protected void doStart() throws Exception {
        try {
            super.doStart();
        } catch (ObjectAlreadyExistsException e) {
            // another node stored the same trigger between this node's look-up and its insert: use that one
            super.doStart();
        }
        // listeners live in this node's scheduler only, not in the job store
        getQuartzScheduler()
                .getListenerManager()
                .addTriggerListener(
                        missedFires, KeyMatcher.keyEquals(new TriggerKey(getTriggerId(), getTriggerGroup())));
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler scheduler = getQuartzScheduler();
        if (scheduler != null && !scheduler.isShutdown()) {
            try {
                scheduler.getListenerManager().removeTriggerListener(missedFires.getName());
            } catch (SchedulerException e) {
                LOG.debug("cannot remove the trigger listener of source {}", source, e);
            }
        }
        super.doStop();
    }

    /** Vetoes a fire whose time came while the previous run of the source was still going on. */
    private final class MissedFires extends TriggerListenerSupport {
        private final String name;
        /** When the last run on this node ended (wall clock, ms); only Quartz's thread of this trigger writes it. */
        private volatile long lastRunEnd = Long.MIN_VALUE;

        MissedFires(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
            long due = context.getScheduledFireTime().getTime();
            if (due < lastRunEnd) {
                LOG.debug(
                        "source {}: the fire due at {} came while the previous run was going on: not caught up",
                        source,
                        context.getScheduledFireTime().toInstant());
                return true;
            }
            return false;
        }

        @Override
        public void triggerComplete(
                Trigger trigger,
                JobExecutionContext context,
                Trigger.CompletedExecutionInstruction triggerInstructionCode) {
            lastRunEnd = System.currentTimeMillis();
        }
    }
}
