package io.github.cfaudit.operations;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/** The application's readiness checks (camel-health) on the sources' and sinks' {@link Operations} status. */
public final class HealthChecks {
    private HealthChecks() {}

    /**
     * Registers a health check per source (its details name the source's connection, keyed by source name) and per
     * sink with the context's health registry, when it has one.
     */
    public static void register(
            Operations ops, CamelContext context, Map<String, String> sourceConnections, Iterable<String> sinkNames) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            return;
        }
        for (Map.Entry<String, String> e : sourceConnections.entrySet()) {
            String s = e.getKey();
            SourceHealthCheck check =
                    new SourceHealthCheck(s, ops.source(s), ops.settings(), ops.clock()).connection(e.getValue());
            check.setCamelContext(context);
            registry.register(check);
        }
        for (String s : sinkNames) {
            SinkHealthCheck check = new SinkHealthCheck(s, ops.sink(s));
            check.setCamelContext(context);
            registry.register(check);
        }
    }
}
