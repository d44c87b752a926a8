package io.github.cfaudit.config;

import io.github.cfaudit.formats.RecordFormat;
import io.github.cfaudit.operations.HealthSettings;
import io.github.cfaudit.sink.SinkType;
import io.github.cfaudit.sink.SinkTypes;
import io.github.cfaudit.sink.s3.SecurityLakeClasses;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code cfaudit.*} properties into an {@link AuditConfig}, failing on the first bad value with a
 * {@link ConfigException} that names the key and what would be valid. Predicates are checked for syntax later, by
 * {@link io.github.cfaudit.routing.SinkPredicates}, because that needs a CamelContext.
 */
public final class AuditConfigParser {
    private static final Logger LOG = LoggerFactory.getLogger(AuditConfigParser.class);
    public static final String PREFIX = "cfaudit";
    static final Pattern NAME = SourceParser.NAME;

    private AuditConfigParser() {}

    /** Whether {@code name} is a valid source, sink or connection name: lower-case letters, digits and '-'. */
    public static boolean isValidName(String name) {
        return SourceParser.isValidName(name);
    }

    /**
     * @param properties every property (keys outside {@code cfaudit.} are ignored)
     * @param env        the process environment, for the {@code CLOUDFLARE_API_TOKEN} default
     */
    public static AuditConfig parse(Map<String, String> properties, Map<String, String> env) {
        ConfigProperties all = ConfigProperties.of(properties);
        ConfigProperties root = all.section(PREFIX);
        var stateDirectory = root.section("state").path(GlobalOptions.STATE_DIRECTORY);

        List<SourceConfig> sources = new ArrayList<>();
        for (String name : root.childNames("source")) {
            sources.add(checkSchedule(
                    SourceParser.parseSource(name, root.section("source")),
                    root.section("source").section(name)));
        }
        if (sources.isEmpty()) {
            throw new ConfigException(
                    root.key("source"),
                    "no source is configured; add at least "
                            + "cfaudit.source.<name>.type=organization|account|insight with its id");
        }
        Map<String, ConnectionConfig> connections = ConnectionsParser.parse(root, env, sources);
        List<SinkConfig> sinks = new ArrayList<>();
        for (String name : root.childNames("sink")) {
            sinks.add(parseSink(name, root.section("sink")));
        }
        if (sinks.isEmpty()) {
            throw new ConfigException(
                    root.key("sink"),
                    "no sink is configured; add at least "
                            + "cfaudit.sink.<name>.type=file with cfaudit.sink.<name>.directory");
        }
        SecurityLakeClasses.check(sources, sinks);
        ConfigProperties delivery = root.section("delivery");
        AuditConfig.Delivery deliveryConfig = new AuditConfig.Delivery(
                delivery.integer(GlobalOptions.DELIVERY_MAX_RETRIES),
                delivery.duration(GlobalOptions.DELIVERY_RETRY_DELAY));
        HealthSettings health = new HealthSettings(
                root.section("health").duration(GlobalOptions.HEALTH_MAX_LAG),
                root.section("health").integer(GlobalOptions.HEALTH_MAX_FAILURES),
                root.section("progress").duration(GlobalOptions.PROGRESS_INTERVAL));
        ClusterConfig cluster = ClusterConfig.parse(root);
        root.rejectUnread(key -> OptionCatalog.hint(key, sources, sinks));
        return new AuditConfig(connections, stateDirectory, sources, sinks, deliveryConfig, health, cluster);
    }

    /** The schedule of a source is a Quartz cron expression (the application's scheduler). */
    private static SourceConfig checkSchedule(SourceConfig source, ConfigProperties s) {
        String schedule = source.schedule();
        try {
            new CronExpression(schedule);
        } catch (ParseException e) {
            throw new ConfigException(
                    s.key(SourceOptions.SCHEDULE),
                    "'" + schedule + "' is not a Quartz cron expression (" + e.getMessage()
                            + "); valid example: 0 * * * * ? (every minute), 0 */5 * * * ? (every 5 minutes)");
        }
        return source;
    }

    static ApiConfig.RateLimit parseRateLimit(ConfigProperties api) {
        return SourceParser.parseRateLimit(api);
    }

    private static SinkConfig parseSink(String name, ConfigProperties sinks) {
        ConfigProperties s = sinks.section(name);
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(
                    s.key("type"),
                    "the sink name '" + name + "' is not valid; valid: lower-case " + "letters, digits and '-'");
        }
        Map<String, SinkType> types = SinkTypes.all();
        SinkType type = s.choice(SinkOptions.TYPE, types);
        Optional<String> when = s.optional(SinkOptions.WHEN);
        RecordFormat codec = SinkOptions.codec(s, type);
        return new SinkConfig(name, type.name(), when, type.parse(s), codec);
    }
}
