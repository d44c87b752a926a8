package io.github.cfaudit.component;

import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.connection.ConnectionHttpClientConfigurer;
import io.github.cfaudit.operations.AuditMetrics;
import io.github.cfaudit.operations.HealthSettings;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.state.CheckpointStore;
import io.github.cfaudit.state.FileCheckpointStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * {@code cloudflare-audit:<source>?type=...}: polls one Cloudflare audit log and emits one exchange per page (body: a
 * {@code List<AuditEntry>}, in event-time order). Options are read once, through the same validation as the
 * {@code cfaudit.source.*} and {@code cfaudit.api.*} properties, so they accept the same values.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "cloudflare-audit",
        title = "Cloudflare Audit Logs",
        syntax = "cloudflare-audit:source",
        consumerOnly = true,
        category = {Category.MONITORING, Category.CLOUD},
        headersClass = CloudflareAuditConstants.class)
public class CloudflareAuditEndpoint extends ScheduledPollEndpoint {
    @UriPath(description = "The source name: lower-case letters, digits and '-'; it names the source's checkpoint.")
    @Metadata(required = true)
    private String source;

    @UriParam(description = "What to poll.", enums = "organization,account,insight")
    @Metadata(required = true)
    private String type;

    @UriParam(description = "The organization id (type=organization).")
    private String organizationId;

    @UriParam(description = "The account id (type=account; type=insight, or zoneId).")
    private String accountId;

    @UriParam(description = "The zone id (type=insight, instead of accountId).")
    private String zoneId;

    @UriParam(label = "security", secret = true, description = "The API token (Authorization: Bearer).")
    private String apiToken;

    @UriParam(label = "security", description = "The account e-mail, with apiKey (legacy global API key).")
    private String apiEmail;

    @UriParam(label = "security", secret = true, description = "The legacy global API key, with apiEmail.")
    private String apiKey;

    @UriParam(
            label = "advanced",
            description = "A ConnectionConfig from the registry (#name): credentials, proxy, "
                    + "timeouts, retries and rate limit of a named connection; the api* options are then not used.")
    private ConnectionConfig connection;

    @UriParam(label = "advanced", defaultValue = ApiConfig.DEFAULT_BASE_URL, description = "The API base URL.")
    private String baseUrl;

    @UriParam(defaultValue = "1000", description = "Entries per page (1 to 1000).")
    private Integer pageSize;

    @UriParam(defaultValue = "10000", description = "Pages per run at most; the next run continues.")
    private Integer maxPages;

    @UriParam(
            defaultValue = "P1D",
            description = "Where a source without checkpoint starts: a duration back from now "
                    + "(P7D) or an instant (2026-11-20T00:00:00Z).")
    private String start;

    @UriParam(defaultValue = "PT1M", description = "How far behind now a run stops (entries may appear late).")
    private String settle;

    @UriParam(
            defaultValue = "PT10M",
            description = "How far before the watermark a run starts again (late entries; "
                    + "ids delivered within it are not delivered twice).")
    private String lookback;

    @UriParam(label = "advanced", defaultValue = "5", description = "Retries of a page request (429, 5xx, I/O).")
    private Integer maxRetries;

    @UriParam(label = "advanced", defaultValue = "PT2S", description = "First delay between retries (doubling).")
    private String retryDelay;

    @UriParam(label = "advanced", defaultValue = "PT60S", description = "Response timeout of a page request.")
    private String timeout;

    @UriParam(
            label = "advanced",
            defaultValue = AuditConfig.DEFAULT_STATE_DIRECTORY,
            description = "Directory of the checkpoint files (when no " + "checkpointStore is given).")
    private String stateDirectory;

    @UriParam(label = "advanced", description = "A CheckpointStore from the registry (#name), e.g. the PostgreSQL one.")
    private CheckpointStore checkpointStore;

    /** Set by CloudflareAuditRoutes: a source built from the application's configuration. */
    private SourceSetup setup;

    public CloudflareAuditEndpoint(String uri, CloudflareAuditComponent component) {
        super(uri, component);
    }

    /** An endpoint for a source the application configured whole (see {@link io.github.cfaudit.CloudflareAuditRoutes}). */
    public CloudflareAuditEndpoint(String uri, CloudflareAuditComponent component, SourceSetup setup) {
        super(uri, component);
        this.source = setup.source().name();
        this.setup = setup;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("cloudflare-audit: is a consumer only: from(\"cloudflare-audit:...\")");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CloudflareAuditConsumer consumer = new CloudflareAuditConsumer(this, processor, setup());
        configureConsumer(consumer);
        if (getScheduler() instanceof ScheduledPollConsumerScheduler given) {
            // a scheduler set as an object (CloudflareAuditRoutes' Quartz trigger): Camel applies only one from the URI
            consumer.setScheduler(given);
        }
        return consumer;
    }

    /** The source as configured, built and checked on first use. */
    synchronized SourceSetup setup() {
        if (setup == null) {
            setup = fromOptions();
        }
        return setup;
    }

    private SourceSetup fromOptions() {
        CloudflareAuditComponent component = (CloudflareAuditComponent) getComponent();
        ConnectionConfig conn = connection != null ? connection : component.getConnection();
        CheckpointStore store = checkpointStore != null ? checkpointStore : component.getCheckpointStore();
        // One validation for both faces: the options become the cfaudit.* properties they stand for. The endpoint
        // sink only satisfies the parser (a configuration delivers somewhere); this endpoint's route is the delivery.
        Map<String, String> p = new LinkedHashMap<>();
        String key = "cfaudit.source." + source + ".";
        put(p, key + "type", type);
        put(p, key + "organization-id", organizationId);
        put(p, key + "account-id", accountId);
        put(p, key + "zone-id", zoneId);
        put(p, key + "page-size", pageSize);
        put(p, key + "max-pages", maxPages);
        put(p, key + "start", start);
        put(p, key + "settle", settle);
        put(p, key + "lookback", lookback);
        put(p, "cfaudit.api.token", conn != null ? "from-connection" : apiToken);
        put(p, "cfaudit.api.email", conn != null ? null : apiEmail);
        put(p, "cfaudit.api.key", conn != null ? null : apiKey);
        put(p, "cfaudit.api.base-url", baseUrl);
        put(p, "cfaudit.api.max-retries", maxRetries);
        put(p, "cfaudit.api.retry-delay", retryDelay);
        put(p, "cfaudit.api.timeout", timeout);
        put(p, "cfaudit.state.directory", stateDirectory);
        p.put("cfaudit.sink.route.type", "endpoint");
        p.put("cfaudit.sink.route.uri", "direct:cloudflare-audit-" + source);
        AuditConfig config;
        try {
            config = AuditConfigParser.parse(p, Map.of());
        } catch (ConfigException e) {
            throw new IllegalArgumentException("cloudflare-audit:" + source + ": " + optionNames(e.getMessage()), e);
        }
        ConnectionConfig used = conn != null ? conn : config.connections().get(ConnectionConfig.DEFAULT);
        String configurer = null;
        if (used.proxy().isPresent()) {
            configurer = ConnectionHttpClientConfigurer.beanName(used.name()) + "-" + source;
            getCamelContext().getRegistry().bind(configurer, new ConnectionHttpClientConfigurer(used));
        }
        RateBudget budget = component.budget(used);
        Operations ops =
                new Operations(HealthSettings.DEFAULTS, Clock.systemUTC(), new AuditMetrics(this::getCamelContext));
        return new SourceSetup(
                config.sources().get(0),
                used.api(),
                store != null ? store : new FileCheckpointStore(config.stateDirectory()),
                budget,
                ops,
                Clock.systemUTC(),
                null,
                null,
                configurer,
                false,
                null,
                true);
    }

    /** A message of the properties' parser, in the endpoint's option names. */
    private String optionNames(String message) {
        String[][] names = {
            {"organization-id", "organizationId"},
            {"account-id", "accountId"},
            {"zone-id", "zoneId"},
            {"page-size", "pageSize"},
            {"max-pages", "maxPages"},
            {"start", "start"},
            {"settle", "settle"},
            {"lookback", "lookback"},
            {"type", "type"}
        };
        String m = message;
        for (String[] n : names) {
            m = m.replace("cfaudit.source." + source + "." + n[0], n[1]);
        }
        String[][] api = {
            {"base-url", "baseUrl"},
            {"max-retries", "maxRetries"},
            {"retry-delay", "retryDelay"},
            {"timeout", "timeout"},
            {"token", "apiToken"},
            {"email", "apiEmail"},
            {"key", "apiKey"}
        };
        for (String[] n : api) {
            m = m.replace("cfaudit.api." + n[0], n[1]);
        }
        return m.replace("cfaudit.state.directory", "stateDirectory");
    }

    private static void put(Map<String, String> p, String key, Object value) {
        if (value != null) {
            p.put(key, value.toString());
        }
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public void setOrganizationId(String organizationId) {
        this.organizationId = organizationId;
    }

    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public String getZoneId() {
        return zoneId;
    }

    public void setZoneId(String zoneId) {
        this.zoneId = zoneId;
    }

    public String getApiToken() {
        return apiToken;
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }

    public String getApiEmail() {
        return apiEmail;
    }

    public void setApiEmail(String apiEmail) {
        this.apiEmail = apiEmail;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public ConnectionConfig getConnection() {
        return connection;
    }

    public void setConnection(ConnectionConfig connection) {
        this.connection = connection;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Integer getPageSize() {
        return pageSize;
    }

    public void setPageSize(Integer pageSize) {
        this.pageSize = pageSize;
    }

    public Integer getMaxPages() {
        return maxPages;
    }

    public void setMaxPages(Integer maxPages) {
        this.maxPages = maxPages;
    }

    public String getStart() {
        return start;
    }

    public void setStart(String start) {
        this.start = start;
    }

    public String getSettle() {
        return settle;
    }

    public void setSettle(String settle) {
        this.settle = settle;
    }

    public String getLookback() {
        return lookback;
    }

    public void setLookback(String lookback) {
        this.lookback = lookback;
    }

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    public String getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(String retryDelay) {
        this.retryDelay = retryDelay;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getStateDirectory() {
        return stateDirectory;
    }

    public void setStateDirectory(String stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public CheckpointStore getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
    }
}
