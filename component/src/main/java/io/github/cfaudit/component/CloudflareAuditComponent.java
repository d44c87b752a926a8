package io.github.cfaudit.component;

import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.connection.RateBudgets;
import io.github.cfaudit.state.CheckpointStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code cloudflare-audit} component (found by its scheme: camel-component-maven-plugin writes
 * {@code META-INF/services/org/apache/camel/component/cloudflare-audit} from {@link Component}). Sources that use one
 * connection share its rate budget, as Cloudflare counts requests per token.
 */
@Component(CloudflareAuditComponent.SCHEME)
public class CloudflareAuditComponent extends DefaultComponent {
    public static final String SCHEME = "cloudflare-audit";

    @Metadata(
            description = "A ConnectionConfig from the registry used by every endpoint without a connection or "
                    + "apiToken of its own.",
            label = "advanced")
    private ConnectionConfig connection;

    @Metadata(
            description = "A CheckpointStore from the registry used by every endpoint without one of its own "
                    + "(default: checkpoint files in stateDirectory).",
            label = "advanced")
    private CheckpointStore checkpointStore;

    private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();

    /** Tells a page exchange whether a failure handler (dead-letter channel, onException) failed on it. */
    private final FailureHandlerWatch failureHandlers = new FailureHandlerWatch();

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        AuditTypeConverters.register(getCamelContext().getTypeConverterRegistry());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        failureHandlers.start();
        getCamelContext().getManagementStrategy().addEventNotifier(failureHandlers);
    }

    @Override
    protected void doStop() throws Exception {
        getCamelContext().getManagementStrategy().removeEventNotifier(failureHandlers);
        failureHandlers.stop();
        super.doStop();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CloudflareAuditEndpoint endpoint = new CloudflareAuditEndpoint(uri, this);
        endpoint.setSource(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The budget of a connection's token, shared by the endpoints that use it. */
    RateBudget budget(ConnectionConfig connection) {
        return budgets.computeIfAbsent(
                connection.api().credentials().headers().toString(), k -> RateBudgets.forConnection(connection));
    }

    public ConnectionConfig getConnection() {
        return connection;
    }

    public void setConnection(ConnectionConfig connection) {
        this.connection = connection;
    }

    public CheckpointStore getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
    }
}
