package io.github.cfaudit.cluster;

import io.github.cfaudit.config.SourceConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.quartz.CronTrigger;
import org.quartz.ObjectAlreadyExistsException;

/**
 * The Quartz trigger that fires a source's runs: its cron, one trigger per source ({@code cfaudit.<source>}), one run
 * at a time. In cluster mode the trigger lives in the shared job store: a misfire does nothing (a node that was frozen
 * does not catch up with a burst), and nodes starting together may race to store it, which Camel's scheduler only
 * tolerates once the trigger exists; so a lost race is retried, and then finds the other node's trigger.
 */
public final class SourceTrigger extends QuartzScheduledPollConsumerScheduler {

    public SourceTrigger(SourceConfig source, boolean clustered) {
        setCron(source.schedule());
        setTriggerGroup("cfaudit");
        setTriggerId(source.name());
        if (clustered) {
            setTriggerParameters(
                    new HashMap<>(Map.of("misfireInstruction", CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING)));
        }
    }

    @Override
    protected void doStart() throws Exception {
        try {
            super.doStart();
        } catch (ObjectAlreadyExistsException e) {
            // another node stored the same trigger between this node's look-up and its insert: use that one
            super.doStart();
        }
    }
}
