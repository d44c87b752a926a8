package io.github.cfaudit.springboot;

import io.github.cfaudit.config.ConnectionConfig;
import java.util.Map;
import java.util.Optional;

/**
 * The connections {@code application.yaml} declares, parsed and checked together at start: the component's
 * ({@value ConnectionConfig#DEFAULT}, from {@code connection.*}) and the named ones ({@code connections.<name>.*}),
 * each also a bean of its own.
 */
public final class CloudflareAuditConnections {
    private final Map<String, ConnectionConfig> byName;

    CloudflareAuditConnections(Map<String, ConnectionConfig> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The component's connection, if {@code connection.*} is set. */
    public Optional<ConnectionConfig> component() {
        return Optional.ofNullable(byName.get(ConnectionConfig.DEFAULT));
    }

    /** The named connection {@code name} ({@code connections.<name>.*}). */
    public ConnectionConfig named(String name) {
        ConnectionConfig c = byName.get(name);
        if (c == null || name.equals(ConnectionConfig.DEFAULT)) {
            throw new IllegalArgumentException("no connection " + name + " below " + SpringConnections.NAMED_PREFIX);
        }
        return c;
    }

    /** Whether YAML declares any connection. */
    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
