package io.github.cfaudit.config;

import io.github.cfaudit.operations.HealthSettings;
import java.time.Duration;
import java.util.List;

/** The options that are not about one connection, source or sink: delivery, state, cluster, health, progress. */
public final class GlobalOptions {
    public static final String DEFAULT_STATE_DIRECTORY = "data/state";
    public static final int DEFAULT_DELIVERY_MAX_RETRIES = 3;
    public static final Duration DEFAULT_CLUSTER_CHECK_IN = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DELIVERY_RETRY_DELAY = Duration.ofSeconds(1);
    // below cfaudit.delivery., cfaudit.state., cfaudit.health., cfaudit.progress.
    public static final Option<Integer> DELIVERY_MAX_RETRIES = Option.integer(
            "max-retries", DEFAULT_DELIVERY_MAX_RETRIES, 0, 100, "retries of a page a sink did not accept");
    public static final Option<Duration> DELIVERY_RETRY_DELAY = Option.duration(
            "retry-delay",
            DEFAULT_DELIVERY_RETRY_DELAY,
            Duration.ZERO,
            "first backoff delay of those retries; doubled "
                    + "each time, with jitter, at most 1 minute. A sink's own retries (syslog `retries`, the AWS "
                    + "SDK's) happen inside each delivery attempt");
    public static final Option<String> STATE_DIRECTORY =
            Option.path("directory", DEFAULT_STATE_DIRECTORY, "where checkpoints live (`<source>.checkpoint.json`)");
    public static final Option<String> STATE_STORE = Option.choice(
            "store",
            "file",
            List.of("file", "jdbc"),
            "`file` (checkpoints in `cfaudit.state.directory`) or `jdbc` (checkpoints in PostgreSQL, written by "
                    + "compare-and-set; see docs/operations.md)");
    public static final Option<Duration> HEALTH_MAX_LAG = Option.duration(
            "max-lag",
            HealthSettings.DEFAULTS.maxLag(),
            Duration.ofSeconds(1),
            "a source's readiness check goes down when its watermark is older than this");
    public static final Option<Integer> HEALTH_MAX_FAILURES = Option.integer(
            "max-failures",
            HealthSettings.DEFAULTS.maxFailures(),
            1,
            1000,
            "a source's readiness check goes down after this many failed runs in a row");
    public static final Option<Duration> PROGRESS_INTERVAL = Option.duration(
            "interval",
            HealthSettings.DEFAULTS.progressInterval(),
            Duration.ofSeconds(1),
            "how often a long run logs its progress");

    // below cfaudit.state.jdbc.
    public static final Option<String> JDBC_URL = Option.text(
                    "url",
                    "JDBC URL",
                    null,
                    "jdbc:postgresql://host:port/database, without a password",
                    "with `state.store=jdbc`: the PostgreSQL " + "JDBC URL")
            .example("jdbc:postgresql://db:5432/cfaudit");
    public static final Option<String> JDBC_USERNAME =
            Option.string("username", null, "", "database user").example("cfaudit");
    public static final Option<Secret> JDBC_PASSWORD =
            Option.secret("password", "database password; better from the environment: `CFAUDIT_STATE_JDBC_PASSWORD`");

    // below cfaudit.cluster.
    public static final Option<Boolean> CLUSTER_ENABLED = Option.bool(
            "enabled",
            false,
            "this process is one node of "
                    + "a cluster (requires `state.store=jdbc`): Quartz's clustered job store schedules the sources");
    public static final Option<String> CLUSTER_NODE_ID = Option.string(
                    "node-id",
                    null,
                    "1 to 80 letters, digits, `.`, `_` or `-`",
                    "this node's id, unique in the cluster: in every log line, "
                            + "health, a metrics label and the `User-Agent`")
            .defaultText("host name + pid")
            .example("node-a");
    public static final Option<Duration> CLUSTER_CHECK_IN_INTERVAL = Option.duration(
            "check-in-interval",
            DEFAULT_CLUSTER_CHECK_IN,
            Duration.ofSeconds(1),
            "Quartz's `clusterCheckinInterval`: how often a "
                    + "node tells the others it is alive; a dead node's sources move after about 2 x this + 7.5 s "
                    + "+ one schedule period");

    private GlobalOptions() {}

    static List<OptionGroup> groups() {
        return List.of(
                new OptionGroup(
                        "delivery",
                        "Delivery",
                        "cfaudit.delivery.",
                        "What happens when a sink does not accept a page.",
                        List.of(DELIVERY_MAX_RETRIES, DELIVERY_RETRY_DELAY)),
                new OptionGroup(
                        "state",
                        "State",
                        "cfaudit.state.",
                        "Checkpoints, one per source. Keep them: they are what " + "makes delivery exactly-once.",
                        List.of(STATE_DIRECTORY, STATE_STORE)),
                new OptionGroup(
                        "jdbc",
                        "State in PostgreSQL",
                        "cfaudit.state.jdbc.",
                        "Only with " + "`cfaudit.state.store=jdbc`.",
                        List.of(JDBC_URL, JDBC_USERNAME, JDBC_PASSWORD)),
                new OptionGroup(
                        "cluster",
                        "Cluster",
                        "cfaudit.cluster.",
                        "Several replicas sharing the sources "
                                + "(docs/operations.md). Every node reads the same configuration except its `node-id`.",
                        List.of(CLUSTER_ENABLED, CLUSTER_NODE_ID, CLUSTER_CHECK_IN_INTERVAL)),
                new OptionGroup(
                        "health",
                        "Health",
                        "cfaudit.health.",
                        "The readiness check of each source " + "(docs/operations.md).",
                        List.of(HEALTH_MAX_LAG, HEALTH_MAX_FAILURES)),
                new OptionGroup(
                        "progress",
                        "Progress",
                        "cfaudit.progress.",
                        "Progress lines of long runs " + "(docs/operations.md).",
                        List.of(PROGRESS_INTERVAL)));
    }
}
