package io.github.cfaudit.component;

import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.ConnectionsParser;
import io.github.cfaudit.config.GlobalOptions;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.SourceParser;
import io.github.cfaudit.operations.AuditMetrics;
import io.github.cfaudit.operations.HealthSettings;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.state.CheckpointStore;
import io.github.cfaudit.state.FileCheckpointStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Polls one Cloudflare audit log (organization, account or Security Center insights; account or user v1) from its
 * checkpoint and emits one exchange per page of entries, in event-time order.
 *
 * <p>{@code cloudflare-audit:<source>?type=...}; the body is {@code AuditEntries}, a {@code List<AuditEntry>}. Options
 * are read once, through the same validation as the {@code cfaudit.source.*} and {@code cfaudit.api.*} properties, so
 * they accept the same values. This javadoc's first paragraph is the component's description in its generated JSON.
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

    @UriParam(
            description = "What to poll: organization or account audit logs v2, the Security Center insight audit log,"
                    + " or audit logs v1 of an account (account-v1) or of the token's own user (user-v1).",
            enums = "organization,account,insight,account-v1,user-v1")
    @Metadata(required = true)
    private String type;

    @UriParam(description = "The organization id (type=organization).")
    private String organizationId;

    @UriParam(description = "The account id (type=account or account-v1; type=insight, or zoneId).")
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
                    + "timeouts, retries and rate limit of a named connection; apiToken, apiEmail, apiKey, baseUrl, "
                    + "maxRetries, retryDelay and timeout are then not used.")
    private ConnectionConfig connection;

    @UriParam(label = "advanced", defaultValue = ApiConfig.DEFAULT_BASE_URL, description = "The API base URL.")
    private String baseUrl;

    @UriParam(label = "consumer", defaultValue = "1000", description = "Entries per page (1 to 1000).")
    private Integer pageSize;

    @UriParam(
            label = "consumer",
            defaultValue = "10000",
            description = "Pages per run at most; the next run continues.")
    private Integer maxPages;

    @UriParam(
            label = "consumer",
            defaultValue = "P1D",
            description = "Where a source without checkpoint starts: a duration back from now "
                    + "(P7D) or an instant (2026-11-20T00:00:00Z).")
    private String start;

    @UriParam(
            label = "consumer",
            defaultValue = "PT1M",
            description = "How far behind now a run stops (entries may appear late).")
    private String settle;

    @UriParam(
            label = "consumer",
            defaultValue = "PT10M",
            description = "How far before the watermark a run starts again (late entries; "
                    + "ids delivered within it are not delivered twice).")
    private String lookback;

    @UriParam(
            label = "consumer",
            defaultValue = "1",
            description = "Cursor chains a run pages at once when its window is longer than backfillSlice (1 to 16; "
                    + "1 = one chain): slices paged in parallel within the rate budget, delivered in event-time order.")
    private Integer backfillParallelism;

    @UriParam(
            label = "consumer",
            defaultValue = "P1D",
            description = "The length of a backfill slice; a window up to this long is paged by one chain.")
    private String backfillSlice;

    @UriParam(label = "advanced", defaultValue = "5", description = "Retries of a page request (429, 5xx, I/O).")
    private Integer maxRetries;

    @UriParam(label = "advanced", defaultValue = "PT2S", description = "First delay between retries (doubling).")
    private String retryDelay;

    @UriParam(label = "advanced", defaultValue = "PT60S", description = "Response timeout of a page request.")
    private String timeout;

    @UriParam(
            label = "advanced",
            defaultValue = GlobalOptions.DEFAULT_STATE_DIRECTORY,
            description = "Directory of the checkpoint files (when no checkpointStore is given).")
    private String stateDirectory;

    @UriParam(label = "advanced", description = "A CheckpointStore from the registry (#name), e.g. the PostgreSQL one.")
    private CheckpointStore checkpointStore;

    /** Set by CloudflareAuditRoutes: a source built from the application's configuration. */
    private SourceSetup setup;

    public CloudflareAuditEndpoint(String uri, CloudflareAuditComponent component) {
        super(uri, component);
    }

    /** An endpoint for a source the application configured whole (see {@code io.github.cfaudit.CloudflareAuditRoutes} in the application). */
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
        checkUriOnlyRules(conn);
        // One validation for both faces: the options become the cfaudit.* properties they stand for, read by the
        // same parsers as the application's (this endpoint's route is the delivery: no sink here).
        Map<String, String> p = new LinkedHashMap<>();
        Map<String, String> optionOfKey = new LinkedHashMap<>();
        String key = "cfaudit.source." + source + ".";
        option(p, optionOfKey, key + "type", "type", type);
        option(p, optionOfKey, key + "organization-id", "organizationId", organizationId);
        option(p, optionOfKey, key + "account-id", "accountId", accountId);
        option(p, optionOfKey, key + "zone-id", "zoneId", zoneId);
        option(p, optionOfKey, key + "page-size", "pageSize", pageSize);
        option(p, optionOfKey, key + "max-pages", "maxPages", maxPages);
        option(p, optionOfKey, key + "start", "start", start);
        option(p, optionOfKey, key + "settle", "settle", settle);
        option(p, optionOfKey, key + "lookback", "lookback", lookback);
        option(p, optionOfKey, key + "backfill-parallelism", "backfillParallelism", backfillParallelism);
        option(p, optionOfKey, key + "backfill-slice", "backfillSlice", backfillSlice);
        option(p, optionOfKey, "cfaudit.api.token", "apiToken", conn != null ? "from-connection" : apiToken);
        option(p, optionOfKey, "cfaudit.api.email", "apiEmail", conn != null ? null : apiEmail);
        option(p, optionOfKey, "cfaudit.api.key", "apiKey", conn != null ? null : apiKey);
        option(p, optionOfKey, "cfaudit.api.base-url", "baseUrl", baseUrl);
        option(p, optionOfKey, "cfaudit.api.max-retries", "maxRetries", maxRetries);
        option(p, optionOfKey, "cfaudit.api.retry-delay", "retryDelay", retryDelay);
        option(p, optionOfKey, "cfaudit.api.timeout", "timeout", timeout);
        option(p, optionOfKey, "cfaudit.state.directory", "stateDirectory", stateDirectory);
        SourceConfig sourceConfig;
        Map<String, ConnectionConfig> connections;
        java.nio.file.Path stateDir;
        try {
            ConfigProperties root = ConfigProperties.of(p).section("cfaudit");
            sourceConfig = SourceParser.parseSource(source, root.section("source"));
            connections = ConnectionsParser.parse(root, Map.of(), List.of(sourceConfig));
            stateDir = root.section("state").path(GlobalOptions.STATE_DIRECTORY);
            root.rejectUnread(k -> "");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(
                    "cloudflare-audit:" + source + ": " + optionNames(e.getMessage(), optionOfKey), e);
        }
        ConnectionConfig used = conn != null ? conn : connections.get(ConnectionConfig.DEFAULT);
        RateBudget budget = component.budget(used);
        Operations ops =
                new Operations(HealthSettings.DEFAULTS, Clock.systemUTC(), AuditMetrics.of(this::getCamelContext));
        return new SourceSetup(
                sourceConfig,
                used,
                store != null ? store : new FileCheckpointStore(stateDir),
                budget,
                ops,
                Clock.systemUTC(),
                null,
                null,
                false,
                null,
                true);
    }

    /**
     * What the properties' parser cannot word in the endpoint's terms: the source name is the URI's path, the
     * credentials are endpoint options (or a connection bean), and each type has its own id options.
     */
    private void checkUriOnlyRules(ConnectionConfig conn) {
        if (source == null || !SourceParser.isValidName(source)) {
            throw new IllegalArgumentException("cloudflare-audit:" + source + ": the source name '" + source
                    + "' (the path of cloudflare-audit:<source>) is not valid; valid: lower-case letters, digits and "
                    + "'-', e.g. cloudflare-audit:acme-account?type=account");
        }
        if (conn == null && apiToken == null && apiEmail == null && apiKey == null) {
            throw new IllegalArgumentException("cloudflare-audit:" + source + ": no credentials: set apiToken, or "
                    + "apiEmail plus apiKey, or connection=#<name> (a ConnectionConfig in the registry; or the "
                    + "component's connection)");
        }
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("organizationId", organizationId);
        ids.put("accountId", accountId);
        ids.put("zoneId", zoneId);
        List<String> valid = switch (type == null ? "" : type) {
            case "organization" -> List.of("organizationId");
            case "account" -> List.of("accountId");
            case "insight" -> List.of("accountId", "zoneId");
            case "account-v1" -> List.of("accountId");
            case "user-v1" -> List.of();
            default -> null; // the parser names a missing or unknown type
        };
        if (valid == null) {
            return;
        }
        ids.forEach((option, value) -> {
            if (value != null && !valid.contains(option)) {
                throw new IllegalArgumentException("cloudflare-audit:" + source + ": " + option
                        + ": is not an option of type=" + type + "; valid: "
                        + (valid.isEmpty() ? "none (it reads the token's own user)" : String.join(" or ", valid)));
            }
        });
    }

    /** A message of the properties' parser, each property key in it replaced by the URI option it stands for. */
    private static String optionNames(String message, Map<String, String> optionOfKey) {
        String m = message;
        for (Map.Entry<String, String> e : optionOfKey.entrySet()) {
            // whole keys only: cfaudit.api.token must not turn cfaudit.api.token-file into apiToken-file
            m = m.replaceAll(Pattern.quote(e.getKey()) + "(?![A-Za-z0-9_.-])", Matcher.quoteReplacement(e.getValue()));
        }
        return m;
    }

    /** Puts the property an option stands for, when the option is set, and remembers the option's name. */
    private static void option(
            Map<String, String> p, Map<String, String> optionOfKey, String key, String option, Object value) {
        optionOfKey.put(key, option);
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

    public Integer getBackfillParallelism() {
        return backfillParallelism;
    }

    public void setBackfillParallelism(Integer backfillParallelism) {
        this.backfillParallelism = backfillParallelism;
    }

    public String getBackfillSlice() {
        return backfillSlice;
    }

    public void setBackfillSlice(String backfillSlice) {
        this.backfillSlice = backfillSlice;
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
