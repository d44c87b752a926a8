package io.github.cfaudit;

import io.github.cfaudit.cloudflare.ApiHttpClientConfigurer;
import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.cluster.ClusterMode;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.connection.ConnectionHttpClientConfigurer;
import io.github.cfaudit.connection.ConnectionProbe;
import io.github.cfaudit.connection.RateBudgets;
import io.github.cfaudit.config.SinkConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.operations.AuditMetrics;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.routing.SinkPredicates;
import io.github.cfaudit.routing.SinkRoute;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.SinkTypes;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.source.SinkDeliveryException;
import io.github.cfaudit.source.SourcePipeline;
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
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
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
 * <p>Per source it adds {@code cfaudit-source-<name>} (consuming {@code direct:cfaudit-source-<name>}: one run, from
 * the checkpoint to the end of the window) and, unless {@link #withoutSchedule()}, {@code cfaudit-schedule-<name>}
 * (a Quartz trigger that starts a run and never overlaps the previous one). A host's own route subscribes to the
 * entry stream with a sink of {@code type=endpoint}.
 */
public final class CloudflareAuditRoutes extends RouteBuilder {
    /** Endpoint of one run of a source. */
    public static final String RUN_ENDPOINT_PREFIX = "direct:cfaudit-source-";
    private static final String FETCH_ENDPOINT_PREFIX = SourcePipeline.FETCH_ENDPOINT_PREFIX;

    private final AuditConfig config;
    private CheckpointStore store;
    private Clock clock = Clock.systemUTC();
    private boolean scheduled = true;
    private final List<SourcePipeline> pipelines = new ArrayList<>();
    private final List<AuditSink> sinks = new ArrayList<>();
    /** One budget per connection (per token), by connection name: the sources of a connection share it. */
    private final Map<String, RateBudget> budgets = new java.util.LinkedHashMap<>();
    private Operations operations;
    /** cfaudit.state.store=jdbc / cfaudit.cluster.*: null with checkpoints in files. */
    private final ClusterMode cluster;

    private CloudflareAuditRoutes(AuditConfig config) {
        this.config = Objects.requireNonNull(config, "config == null");
        this.cluster = ClusterMode.of(config);
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
        return new Operations(config.health(), clock, new AuditMetrics(this::getContext));
    }

    /** Status, health checks, metrics and progress of these routes. */
    public Operations operations() {
        return operations;
    }

    /** The request budget of the {@code default} connection (else of the first one). */
    public RateBudget rateBudget() {
        return budgets.getOrDefault(ConnectionConfig.DEFAULT, budgets.values().iterator().next());
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
            AuditSink created = SinkTypes.all().get(sink.type()).create(sink.name(), sink.settings(), context);
            sinks.add(created);
            sinkRoutes.add(new SinkRoute(created, SinkPredicates.compile(context, sink)));
        }
        context.addService(new SinkCloser(sinks, pipelines), true, true);
        if (context.getRegistry().lookupByName(ApiHttpClientConfigurer.BEAN_NAME) == null) {
            context.getRegistry().bind(ApiHttpClientConfigurer.BEAN_NAME, new ApiHttpClientConfigurer());
        }
        // each connection's requests go through its own HTTP client configuration (its proxy); the names are unique to
        // these routes, so two configurations embedded in one context never share a connection's proxy by its name
        String instance = Integer.toHexString(System.identityHashCode(this));
        config.connections().values().forEach(c -> context.getRegistry().bind(
                ConnectionHttpClientConfigurer.beanName(c.name()) + "-" + instance, new ConnectionHttpClientConfigurer(c)));

        // Routes without an error handler pass failures to their caller; the run route retries, then passes them on
        // (the schedule route logs a failed run, runOnce reports it).
        errorHandler(noErrorHandler());
        AuditConfig.Delivery delivery = config.delivery();
        List<String> sourceNames = config.sources().stream().map(SourceConfig::name).toList();
        Map<String, String> sourceConnections = new java.util.LinkedHashMap<>();
        config.sources().forEach(s -> sourceConnections.put(s.name(), s.connection()));
        operations.registerHealthChecks(context, sourceConnections, config.sinks().stream().map(SinkConfig::name).toList());
        if (cluster != null) {
            cluster.install(context, scheduled, operations);
        }
        // meters are registered once the context started, when Camel's metrics registry exists
        context.addStartupListener((ctx, alreadyStarted) -> {
            AuditMetrics metrics = operations.metrics();
            sourceConnections.forEach((s, c) -> metrics.registerSource(s, c, operations.source(s), clock));
            budgets.forEach(metrics::registerBudget);
        });

        for (SourceConfig source : config.sources()) {
            ApiConfig api = config.connection(source).api();
            SourcePipeline p = new SourcePipeline(source, api, store, sinkRoutes, clock, budgets.get(source.connection()),
                    operations, scheduled)
                    .withHttpClientConfigurer(ConnectionHttpClientConfigurer.beanName(source.connection()) + "-" + instance);
            pipelines.add(p);
            if (cluster != null && cluster.clustered()) {
                p.onNode(cluster.nodeId());
            }
            // One page request: wait for the budget, GET, read. Retried as a whole by the run route. No stream
            // caching: readPage reads the response stream once, into an array of the announced length.
            from(FETCH_ENDPOINT_PREFIX + source.name())
                    .routeId("cfaudit-fetch-" + source.name())
                    .noStreamCaching()
                    .process(p::prepareRequest)
                    .to(p.httpUri())
                    .process(p::readPage);

            from(RUN_ENDPOINT_PREFIX + source.name())
                    .routeId("cfaudit-source-" + source.name())
                    .errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false))
                    // a sink that did not accept the page: flush the sinks still missing it again, with backoff
                    .onException(SinkDeliveryException.class)
                        .maximumRedeliveries(delivery.maxRetries())
                        .redeliveryDelay(delivery.retryDelay().toMillis())
                        .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(ApiConfig.MAX_RETRY_DELAY.toMillis())
                        .useCollisionAvoidance()
                        .retryAttemptedLogLevel(LoggingLevel.WARN).logExhausted(false).logStackTrace(false)
                    .end()
                    // 429, 5xx, timeouts, broken bodies: the whole page request again, paced by the budget
                    .onException(Exception.class).onWhen(SourcePipeline::isTransientApiFailure)
                        .maximumRedeliveries(api.maxRetries())
                        .redeliveryDelay(api.retryDelay().toMillis())
                        .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(ApiConfig.MAX_RETRY_DELAY.toMillis())
                        .useCollisionAvoidance()
                        .onRedelivery(p::onRetry)
                        .retryAttemptedLogLevel(LoggingLevel.WARN).logExhausted(false).logStackTrace(false)
                    .end()
                    .process(p::startRun)
                    .loopDoWhile(p::hasMorePages)
                        .process(p::fetchPage)
                        .process(p::routePage)
                        .process(p::commitPage)
                    .end()
                    .process(p::finishRun);

            if (scheduled) {
                from("quartz://cfaudit/" + source.name() + "?stateful=true&cron=" + source.schedule().replace(' ', '+')
                        + (cluster == null ? "" : cluster.quartzOptions()))
                        .routeId("cfaudit-schedule-" + source.name())
                        .doTry()
                            .to(RUN_ENDPOINT_PREFIX + source.name())
                        .doCatch(Exception.class)
                            .process(e -> p.failRun(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))
                        .end();
            }
        }
    }

    /**
     * Runs every source once, one after the other, each from its checkpoint to the end of its window, and returns
     * what each run did. Requires the routes to be started in {@code context}.
     */
    public List<RunSummary> runOnce(CamelContext context) {
        List<RunSummary> results = new ArrayList<>();
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            for (SourcePipeline p : pipelines) {
                Exchange exchange = producer.send(RUN_ENDPOINT_PREFIX + p.source().name(), ex -> { });
                if (exchange.getException() != null) {
                    results.add(p.failRun(exchange, exchange.getException()));
                } else {
                    results.add(exchange.getProperty(SourcePipeline.SUMMARY, RunSummary.class));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return results;
    }

    /**
     * For {@code --check}: probes every connection once (its token), every source (one page, nothing delivered, no
     * checkpoint) and every sink. Keys are {@code connection <name>}, {@code source <name>} and {@code sink <name>};
     * values are what worked, or the exception saying what did not.
     */
    public Map<String, Object> check() {
        Map<String, Object> results = new java.util.LinkedHashMap<>();
        for (ConnectionConfig connection : config.connections().values()) {
            List<String> users = config.sources().stream().filter(s -> s.connection().equals(connection.name()))
                    .map(SourceConfig::name).toList();
            results.put("connection " + connection.name(), attempt(() -> ConnectionProbe.check(connection, users)));
        }
        for (SourceConfig source : config.sources()) {
            results.put("source " + source.name(), attempt(() -> SourceProbe.check(source, config.connection(source), clock)));
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

    /** Closes the sinks and the pipelines' request templates when the CamelContext stops. */
    private static final class SinkCloser extends ServiceSupport {
        private final List<AuditSink> sinks;
        private final List<SourcePipeline> pipelines;

        SinkCloser(List<AuditSink> sinks, List<SourcePipeline> pipelines) {
            this.sinks = List.copyOf(sinks);
            this.pipelines = pipelines;
        }

        @Override
        protected void doStop() throws Exception {
            for (SourcePipeline p : pipelines) {
                p.close();
            }
            for (AuditSink sink : sinks) {
                sink.close();
            }
        }
    }
}
