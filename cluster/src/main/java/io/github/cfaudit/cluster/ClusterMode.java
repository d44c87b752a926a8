package io.github.cfaudit.cluster;

import io.github.cfaudit.cloudflare.SharedBudget;
import io.github.cfaudit.config.ClusterConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.operations.AuditMetrics;
import io.github.cfaudit.operations.MicrometerAuditMetrics;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.state.JdbcCheckpointStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code cfaudit.state.store=jdbc} and {@code cfaudit.cluster.*} add to the routes: the database (pool and
 * schema), the fenced checkpoint store, and, with {@code cluster.enabled}, Quartz's clustered JDBC job store, the
 * configuration check across nodes, the cluster-wide rate budget and the node id in logs, metrics, health and the
 * User-Agent. {@link io.github.cfaudit.CloudflareAuditRoutes} plugs it in at a few points; without these keys it is
 * not created at all.
 */
public final class ClusterMode {
    /**
     * System properties read by the log layouts at every event ({@code log4j2.xml}, the JSON template): the node's tag
     * on every log line ({@code node=<id>}), and, with {@code .id}, the bare id.
     */
    public static final String LOG_PROPERTY = "cfaudit.log.node";
    /** Quartz's scheduler name: the same on every node, which is what makes them one cluster. */
    static final String SCHEDULER_NAME = "cfaudit";
    /** Clock skew against the database beyond which {@code --check} warns (Quartz compares check-in times). */
    static final Duration MAX_SKEW = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMode.class);

    private final List<SourceConfig> sources;
    private final Map<String, String> fingerprints;
    private final ClusterConfig cluster;
    private final ClusterDatabase database;
    private final JdbcCheckpointStore store;

    private ClusterMode(ClusterConfig cluster, List<SourceConfig> sources, Map<String, String> fingerprints) {
        this.sources = List.copyOf(sources);
        this.fingerprints = Map.copyOf(fingerprints);
        this.cluster = cluster;
        // Quartz's threads (one per source), one commit per running source, the budget and health: a few to spare
        int poolSize = 2 * sources.size() + 6;
        this.database = ClusterDatabase.open(cluster, poolSize);
        this.store = new JdbcCheckpointStore(database.dataSource(), cluster.nodeId());
        if (cluster.enabled()) {
            System.setProperty(LOG_PROPERTY, " node=" + cluster.nodeId());
            System.setProperty(LOG_PROPERTY + ".id", cluster.nodeId());
        }
    }

    /**
     * The cluster mode of {@code cluster}, or null when checkpoints stay in files.
     *
     * @param fingerprints this node's configuration, compared with the other nodes' (see {@link ClusterConsistency})
     */
    public static ClusterMode of(ClusterConfig cluster, List<SourceConfig> sources, Map<String, String> fingerprints) {
        return cluster.jdbc() ? new ClusterMode(cluster, sources, fingerprints) : null;
    }

    public JdbcCheckpointStore checkpointStore() {
        return store;
    }

    public ClusterDatabase database() {
        return database;
    }

    public boolean clustered() {
        return cluster.enabled();
    }

    public String nodeId() {
        return cluster.nodeId();
    }

    /** The cluster-wide share of the budget named {@code name}, or null on one node (the local budget is enough). */
    public SharedBudget sharedBudget(String name) {
        return cluster.enabled() ? new SharedRateBudget(database.dataSource(), name, cluster.nodeId()) : null;
    }

    /**
     * Prepares the database and the context before the routes start: schema, configuration check, Quartz's clustered
     * job store (when {@code scheduled}), the state store's health check, the node label on the metrics, and the pool
     * closed when the context stops.
     */
    public void install(CamelContext context, boolean scheduled, Operations operations) throws Exception {
        AuditMetrics metrics = operations.metrics();
        try {
            database.migrate();
            if (cluster.enabled()) {
                ClusterConsistency.verify(database.dataSource(), fingerprints, cluster.nodeId(), scheduled);
            }
        } catch (SQLException e) {
            throw new SQLException(
                    "state store: cannot prepare the database at " + database.url() + " ("
                            + JdbcCheckpointStore.describe(e)
                            + "); check cfaudit.state.jdbc.url, username and password",
                    e.getSQLState(),
                    e);
        }
        if (cluster.enabled() && scheduled) {
            QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
            quartz.setPrefixInstanceName(false);
            quartz.setProperties(quartzProperties(registerDataSource()));
            LOG.info(
                    "cluster: node {} joins scheduler '{}' (Quartz clustered job store, check-in every {} s)",
                    cluster.nodeId(),
                    SCHEDULER_NAME,
                    cluster.checkInInterval().toMillis() / 1000.0);
        }
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            StateStoreHealthCheck check = new StateStoreHealthCheck(store, cluster.nodeId(), cluster.enabled());
            check.setCamelContext(context);
            registry.register(check);
        }
        if (cluster.enabled() && metrics instanceof MicrometerAuditMetrics micrometer) {
            // only our meters: Camel's own are registered before, and Prometheus wants one set of tag keys per name
            Tag node = Tag.of("node", cluster.nodeId());
            context.addStartupListener((ctx, alreadyStarted) -> micrometer
                    .registry()
                    .config()
                    .meterFilter(new MeterFilter() {
                        @Override
                        public Meter.Id map(Meter.Id id) {
                            return id.getName().startsWith("cfaudit.") ? id.withTag(node) : id;
                        }
                    }));
        }
        if (cluster.enabled() && scheduled) {
            followCommittedWatermarks(context, operations);
        }
        context.addService(new PoolCloser(database), true, true);
    }

    /**
     * Another node may run a source for hours: this node's view of its watermark (the source's health check and lag
     * metric) follows what the database says was committed, every check-in interval.
     */
    private void followCommittedWatermarks(CamelContext context, Operations operations) throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> {
            var timer = ctx.getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "cfaudit-cluster-watermarks");
            long every = cluster.checkInInterval().toMillis();
            timer.scheduleWithFixedDelay(
                    () -> {
                        try {
                            for (JdbcCheckpointStore.Row r : store.rows().values()) {
                                if (r.watermark() != null
                                        && sources.stream()
                                                .anyMatch(s -> s.name().equals(r.source()))) {
                                    operations.source(r.source()).watermark(Instant.parse(r.watermark()));
                                }
                            }
                        } catch (RuntimeException e) {
                            LOG.debug("cluster: cannot read the committed watermarks: {}", e.getMessage());
                        }
                    },
                    every,
                    every,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        });
    }

    private String registerDataSource() {
        String name = "cfaudit-" + cluster.nodeId() + "-" + Integer.toHexString(System.identityHashCode(this));
        DBConnectionManager.getInstance().addConnectionProvider(name, new QuartzDataSource(database.dataSource()));
        return name;
    }

    Properties quartzProperties(String dataSourceName) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", cluster.nodeId());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(1, sources.size())));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty(
                "org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(cluster.checkInInterval().toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // a fire later than this is a misfire, and a missed fire is skipped (do-nothing, set by SourceTrigger, which
        // also skips the fires due during a long run on this node): after a frozen node the source runs once more,
        // not once per missed second
        p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        // after a database outage, Quartz tries again this often
        p.setProperty(
                "org.quartz.jobStore.dbRetryInterval",
                Long.toString(Math.max(1000, cluster.checkInInterval().toMillis())));
        return p;
    }

    /**
     * For {@code --check}: connects, reads the schema version and compares this host's clock with the database's.
     * A skew above {@link #MAX_SKEW} is reported as a warning (Quartz's failure detection compares check-in times).
     */
    public String probe() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement()) {
            Instant before = Instant.now();
            Instant dbNow;
            try (ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
                rs.next();
                dbNow = rs.getTimestamp(1).toInstant();
            }
            Instant after = Instant.now();
            Instant local = before.plus(Duration.between(before, after).dividedBy(2));
            Duration skew = Duration.between(dbNow, local).abs();
            int version = ClusterDatabase.schemaVersion(st);
            String schema = version == ClusterDatabase.SCHEMA_VERSION
                    ? "schema version " + version
                    : version == 0
                            ? "no schema yet (created at the first start)"
                            : "schema version " + version + " (this build: " + ClusterDatabase.SCHEMA_VERSION + ")";
            if (version > ClusterDatabase.SCHEMA_VERSION) {
                throw new SQLException(database.url() + ": " + schema + ": upgrade this node");
            }
            String clock = "clock skew " + skew.toMillis() + " ms";
            if (skew.compareTo(MAX_SKEW) > 0) {
                clock = "WARNING: this host's clock is " + skew.toSeconds()
                        + " s off the database's; Quartz clustering " + "needs synchronized clocks (NTP)";
            }
            return database.url() + " reachable, " + schema + ", " + clock
                    + (cluster.enabled() ? ", node " + cluster.nodeId() : "");
        }
    }

    /** Closes the pool when the CamelContext stops (after the routes and Quartz). */
    private static final class PoolCloser extends ServiceSupport {
        private final ClusterDatabase database;

        PoolCloser(ClusterDatabase database) {
            this.database = database;
        }

        @Override
        protected void doStop() {
            database.close();
        }
    }
}
