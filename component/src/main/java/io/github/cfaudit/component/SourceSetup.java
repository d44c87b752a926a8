package io.github.cfaudit.component;

import io.github.cfaudit.cloudflare.FieldCapture;
import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.state.CheckpointStore;
import java.time.Clock;

/**
 * Everything a consumer needs to run a source: built from the endpoint's options, or handed over whole by
 * {@code io.github.cfaudit.CloudflareAuditRoutes} (which shares stores, budgets and operations between sources).
 *
 * @param connection the connection the source's requests go through: its API settings and its proxy
 * @param capture    entry fields the page parser picks up for fast predicates (null: none)
 * @param nodeId     the cluster node id for the User-Agent, or null
 * @param scheduled  whether a scheduled run follows a failed one (for the log line)
 * @param afterRun   called on the run's thread when a run ended (null: nothing)
 * @param failsPoll  whether a failed run is a failed poll to Camel (a consumer in the user's route: its bridge error
 *                   handler, backoff and poll strategy see it); false for the application's sources, whose runs the
 *                   application reports itself (log line, health, metrics)
 */
public record SourceSetup(
        SourceConfig source,
        ConnectionConfig connection,
        CheckpointStore store,
        RateBudget budget,
        Operations ops,
        Clock clock,
        FieldCapture capture,
        String nodeId,
        boolean scheduled,
        Runnable afterRun,
        boolean failsPoll) {

    /** The connection's API settings: base URL, credentials, timeouts, retries. */
    public ApiConfig api() {
        return connection.api();
    }
}
