package io.github.cfaudit;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.cluster.ClusterMode;
import io.github.cfaudit.cluster.SourceTrigger;
import io.github.cfaudit.component.CloudflareAuditComponent;
import io.github.cfaudit.component.CloudflareAuditConstants;
import io.github.cfaudit.component.CloudflareAuditConsumer;
import io.github.cfaudit.component.CloudflareAuditEndpoint;
import io.github.cfaudit.component.SourceSetup;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.SinkConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.connection.ConnectionProbe;
import io.github.cfaudit.connection.RateBudgets;
import io.github.cfaudit.operations.AuditMetrics;
import io.github.cfaudit.operations.HealthChecks;
import io.github.cfaudit.operations.MicrometerAuditMetrics;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.routing.EntrySelector;
import io.github.cfaudit.routing.PageBatches;
import io.github.cfaudit.routing.PageRouter;
import io.github.cfaudit.routing.PushDown;
import io.github.cfaudit.routing.SinkDeliveryException;
import io.github.cfaudit.routing.SinkPredicates;
import io.github.cfaudit.routing.SinkRoute;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.SinkTypes;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.source.SourceProbe;
import io.github.cfaudit.state.CheckpointStore;
import io.github.cfaudit.state.FileCheckpointStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The routes of camel-cloudflare-audit, ready to add to any CamelContext: this is the entry point for embedding.
 *
 * <pre>{@code
 * AuditConfig config = AuditConfigParser.parse(properties, System.getenv());
 * context.addRoutes(CloudflareAuditRoutes.of(config));
 * }</pre>
 *
 * <p>Built on the {@code cloudflare-audit} component: per source one route {@code cfaudit-source-<name>} consumes a
 * {@code cloudflare-audit:<name>} endpoint made from the configuration (one exchange per page; unless
 * {@link #withoutSchedule()}, Quartz fires its runs), routes each page's entries to the sinks whose predicate selects
 * them and flushes the sinks; the page's checkpoint moves when the exchange completes. A host's own route subscribes
 * to the entry stream with a sink of {@code type=endpoint}, or consumes {@code cloudflare-audit:} itself.
 */
public final class CloudflareAuditRoutes extends RouteBuilder {
    /** The route of a source: {@code <prefix><source name>}. */
    public static final String ROUTE_PREFIX = "cfaudit-source-";
    /** Exchange property of a page exchange: the sinks' batches of the page. */
    private static final String BATCHES = "CloudflareAuditBatches";

    private final AuditConfig config;
    private CheckpointStore store;
    private Clock clock = Clock.systemUTC();
    private boolean scheduled = true;
    private final List<AuditSink> sinks = new ArrayList<>();
    private ExecutorService flushExecutor;
    /** One budget per connection (per token), by connection name: the sources of a connection share it. */
    private final Map<String, RateBudget> budgets = new java.util.LinkedHashMap<>();

    private Operations operations;
    /** cfaudit.state.store=jdbc / cfaudit.cluster.*: null with checkpoints in files. */
    private final ClusterMode cluster;

    private CloudflareAuditRoutes(AuditConfig config) {
        this.config = Objects.requireNonNull(config, "config == null");
        this.cluster = ClusterMode.of(config.cluster(), config.sources(), config.fingerprints());
        this.store = cluster != null ? cluster.checkpointStore() : new FileCheckpointStore(config.stateDirectory());
        config.connections().forEach((name, connection) -> {
            RateBudget budget = RateBudgets.forConnection(connection);
            if (cluster != null) {
                budget.sharedWith(cluster.sharedBudget(name));
            }
            budgets.put(name, budget);
        });
        this.operations = newOperations();
    }

    private Operations newOperations() {
        return new Operations(config.health(), clock, new MicrometerAuditMetrics(this::getContext));
    }

    /** Status, health checks, metrics and progress of these routes. */
    public Operations operations() {
        return operations;
    }

    /** The request budget of the {@code default} connection (else of the first one). */
    public RateBudget rateBudget() {
        return budgets.getOrDefault(
                ConnectionConfig.DEFAULT, budgets.values().iterator().next());
    }

    /** The request budget shared by the sources of {@code connection}. */
    public RateBudget rateBudget(String connection) {
        return budgets.get(connection);
    }

    public static CloudflareAuditRoutes of(AuditConfig config) {
        return new CloudflareAuditRoutes(config);
    }

    /** Parses {@code cfaudit.*} properties (see the README) and builds the routes; throws ConfigException on a bad value. */
    public static CloudflareAuditRoutes fromProperties(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return of(AuditConfigParser.parse(map, System.getenv()));
    }

    /** Only the run routes, no Quartz triggers: runs are started with {@link #runOnce} or by the host. */
    public CloudflareAuditRoutes withoutSchedule() {
        this.scheduled = false;
        return this;
    }

    public CloudflareAuditRoutes withCheckpointStore(CheckpointStore store) {
        this.store = Objects.requireNonNull(store, "store == null");
        return this;
    }

    public CloudflareAuditRoutes withClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.operations = newOperations();
        return this;
    }

    /** The database state store and cluster membership, or null with checkpoints in files. */
    public ClusterMode cluster() {
        return cluster;
    }

    public AuditConfig config() {
        return config;
    }

    @Override
    public void configure() throws Exception {
        CamelContext context = getContext();
        List<SinkRoute> sinkRoutes = new ArrayList<>();
        for (SinkConfig sink : config.sinks()) {
            AuditSink created = SinkTypes.all()
                    .get(sink.type())
                    .create(sink.name(), sink.settings(), new RecordCodec(sink.codec()), context);
            sinks.add(created);
            sinkRoutes.add(new SinkRoute(created, SinkPredicates.compile(context, sink)));
        }
        context.addService(new SinkCloser(sinks), true, true);
        // the sinks of a page flush in parallel (one on the route's thread); Camel shuts the pool down with the context
        flushExecutor = sinks.size() > 1
                ? context.getExecutorServiceManager().newCachedThreadPool(this, "cfaudit-sink-flush")
                : null;
        // the endpoint URIs are unique to these routes: two configurations embedded in one context never share one
        String instance = Integer.toHexString(System.identityHashCode(this));

        AuditConfig.Delivery delivery = config.delivery();
        List<String> sourceNames =
                config.sources().stream().map(SourceConfig::name).toList();
        Map<String, String> sourceConnections = new java.util.LinkedHashMap<>();
        config.sources().forEach(s -> sourceConnections.put(s.name(), s.connection()));
        HealthChecks.register(
                operations,
                context,
                sourceConnections,
                config.sinks().stream().map(SinkConfig::name).toList());
        if (cluster != null) {
            cluster.install(context, scheduled, operations);
        }
        // meters are registered once the context started, when Camel's metrics registry exists
        context.addStartupListener((ctx, alreadyStarted) -> {
            AuditMetrics metrics = operations.metrics();
            sourceConnections.forEach((s, c) -> metrics.registerSource(s, c, operations.source(s), clock));
            budgets.forEach(metrics::registerBudget);
        });

        CloudflareAuditComponent component =
                context.getComponent(CloudflareAuditComponent.SCHEME, CloudflareAuditComponent.class);
        for (SourceConfig source : config.sources()) {
            // the source's requests and commits: a cloudflare-audit: endpoint built from the configuration
            EntrySelector selector = EntrySelector.of(source, sinkRoutes);
            PageRouter router = new PageRouter(source, sinkRoutes, selector);
            SourceSetup setup = new SourceSetup(
                    PushDown.apply(source, sinkRoutes, selector),
                    config.connection(source),
                    store,
                    budgets.get(source.connection()),
                    operations,
                    clock,
                    selector.capture(),
                    cluster != null && cluster.clustered() ? cluster.nodeId() : null,
                    scheduled,
                    router::reportPredicateErrors,
                    false);
            CloudflareAuditEndpoint endpoint = new CloudflareAuditEndpoint(
                    CloudflareAuditComponent.SCHEME + ":" + source.name() + "?instance=" + instance, component, setup);
            if (scheduled) {
                // Quartz (clustered in cluster mode) fires the runs; a run never overlaps the previous one, and the
                // fires it missed are not caught up
                endpoint.setScheduler(new SourceTrigger(source));
            } else {
                endpoint.setStartScheduler(false);
            }
            context.addEndpoint(endpoint.getEndpointUri(), endpoint);

            // One exchange per page: its entries go to the batches of the sinks that select them, then every sink
            // flushes its batch; when the exchange completes the consumer publishes the page's checkpoint.
            from(endpoint)
                    .routeId(ROUTE_PREFIX + source.name())
                    .errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false))
                    // a sink that did not accept the page: flush the sinks still missing it again, with backoff
                    .onException(SinkDeliveryException.class)
                    .maximumRedeliveries(delivery.maxRetries())
                    .redeliveryDelay(delivery.retryDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay(ApiConfig.MAX_RETRY_DELAY.toMillis())
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logExhausted(false)
                    .logStackTrace(false)
                    .end()
                    // the page's entries into the batches of the sinks whose predicate selects them
                    .process(e -> e.setProperty(
                            BATCHES,
                            router.route(
                                    entries(e),
                                    e.getMessage().getHeader(CloudflareAuditConstants.PAGE_NUMBER, Integer.class),
                                    e.getContext())))
                    // every sink flushes its batch; the consumer publishes the checkpoint once this exchange completed
                    .process(this::flushPage);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<AuditEntry> entries(org.apache.camel.Exchange page) {
        return page.getMessage().getBody(List.class);
    }

    /** Every sink still missing the page accepts it (a redelivery flushes only those); the counts go to the run. */
    private void flushPage(org.apache.camel.Exchange page) {
        PageBatches batches = page.getProperty(BATCHES, PageBatches.class);
        batches.flush(operations, clock, flushExecutor);
        page.setProperty(CloudflareAuditConstants.ACCEPTED_PROPERTY, batches.accepted());
    }

    /**
     * Runs every source once, one after the other, each from its checkpoint to the end of its window, and returns
     * what each run did. Requires the routes to be started in {@code context}.
     */
    public List<RunSummary> runOnce(CamelContext context) {
        List<RunSummary> results = new ArrayList<>();
        for (SourceConfig source : config.sources()) {
            results.add(run(context, source.name()));
        }
        return results;
    }

    /** Runs one source once now (after a run in progress ended) and returns what it did. */
    public RunSummary run(CamelContext context, String source) {
        org.apache.camel.Route route = context.getRoute(ROUTE_PREFIX + source);
        if (route == null) {
            throw new IllegalArgumentException("no source '" + source + "' in " + context.getName());
        }
        try {
            return ((CloudflareAuditConsumer) route.getConsumer()).runNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for source " + source, e);
        }
    }

    /**
     * For {@code --check}: probes every connection once (its token), every source (one page, nothing delivered, no
     * checkpoint) and every sink. Keys are {@code connection <name>}, {@code source <name>} and {@code sink <name>};
     * values are what worked, or the exception saying what did not.
     */
    public Map<String, Object> check() {
        Map<String, Object> results = new java.util.LinkedHashMap<>();
        for (ConnectionConfig connection : config.connections().values()) {
            List<SourceConfig> users = config.sources().stream()
                    .filter(s -> s.connection().equals(connection.name()))
                    .toList();
            results.put("connection " + connection.name(), attempt(() -> ConnectionProbe.check(connection, users)));
        }
        for (SourceConfig source : config.sources()) {
            results.put(
                    "source " + source.name(),
                    attempt(() -> SourceProbe.check(source, config.connection(source), clock)));
        }
        for (AuditSink sink : sinks) {
            results.put("sink " + sink.name(), attempt(sink::check));
        }
        if (cluster != null) {
            results.put("state store", attempt(cluster::probe));
        }
        return results;
    }

    private static Object attempt(java.util.concurrent.Callable<String> probe) {
        try {
            return probe.call();
        } catch (Exception e) {
            return e;
        }
    }

    /** True when every summary is COMPLETE. */
    public static boolean allComplete(List<RunSummary> summaries) {
        return summaries.stream().allMatch(s -> s.outcome() == RunOutcome.COMPLETE);
    }

    /** Closes the sinks when the CamelContext stops. */
    private static final class SinkCloser extends ServiceSupport {
        private final List<AuditSink> sinks;

        SinkCloser(List<AuditSink> sinks) {
            this.sinks = List.copyOf(sinks);
        }

        @Override
        protected void doStop() throws Exception {
            for (AuditSink sink : sinks) {
                sink.close();
            }
        }
    }
}
