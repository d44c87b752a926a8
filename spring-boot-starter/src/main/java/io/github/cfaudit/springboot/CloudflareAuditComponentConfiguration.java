package io.github.cfaudit.springboot;

import io.github.cfaudit.state.CheckpointStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Polls Cloudflare audit logs (organization and account audit logs v2, Security Center insights) with checkpoints,
 * exactly once per page: the options of the {@code cloudflare-audit} component, {@code camel.component.cloudflare-audit.*}.
 *
 * <p>Unknown keys below the prefix fail the start (a typo such as {@code connection.tokn} is not dropped silently).
 */
@ConfigurationProperties(prefix = CloudflareAuditComponentConfiguration.PREFIX, ignoreUnknownFields = false)
public class CloudflareAuditComponentConfiguration extends ComponentConfigurationPropertiesCommon {
    public static final String PREFIX = "camel.component.cloudflare-audit";

    /**
     * Whether to enable auto configuration of the cloudflare-audit component. This is enabled by default.
     */
    private Boolean enabled;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed as a
     * message and handled by the routing Error Handler. Important: This is only possible if the 3rd party component
     * allows Camel to be alerted if an exception was thrown. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level and
     * ignored.
     */
    private Boolean bridgeErrorHandler = false;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component.
     */
    private Boolean autowiredEnabled = true;

    /**
     * A CheckpointStore used by every endpoint without one of its own (default: checkpoint files in the endpoint's
     * stateDirectory), as #bean:name of a Spring bean. Unset: the application context's only CheckpointStore bean, if
     * it has exactly one. The option is an io.github.cfaudit.state.CheckpointStore type.
     */
    private CheckpointStore checkpointStore;

    /**
     * The connection every endpoint without a connection or apiToken of its own polls with: credentials, base URL,
     * proxy, timeouts, retries and rate limit, checked with the same rules as the application's cfaudit.api.*. When
     * any of these keys is set, the connection is the bean cloudflareAuditConnection (an
     * io.github.cfaudit.config.ConnectionConfig). None set: the application context's only ConnectionConfig bean, if
     * it has exactly one.
     */
    @NestedConfigurationProperty
    private ConnectionProperties connection = new ConnectionProperties();

    /**
     * More connections, each with its own rate budget: a ConnectionConfig bean named by its key, for endpoints that
     * pick one with connection=#name (e.g. connections.tenant-a.token, then
     * cloudflare-audit:acme?connection=#tenant-a). The keys of each are those of connection.*; names are lower-case
     * letters, digits and '-'. A named connection is never the component's own.
     */
    private Map<String, ConnectionProperties> connections = new LinkedHashMap<>();

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public CheckpointStore getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
    }

    public ConnectionProperties getConnection() {
        return connection;
    }

    public void setConnection(ConnectionProperties connection) {
        this.connection = connection;
    }

    public Map<String, ConnectionProperties> getConnections() {
        return connections;
    }

    public void setConnections(Map<String, ConnectionProperties> connections) {
        this.connections = connections;
    }
}
