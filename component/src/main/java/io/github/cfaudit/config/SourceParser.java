package io.github.cfaudit.config;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.FilterParameters;
import io.github.cfaudit.cloudflare.SourceType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of {@code cfaudit.*} that the component itself needs: a source ({@code cfaudit.source.<name>.*}) and the
 * rate of a connection. Failing on the first bad value with a {@link ConfigException} that names the key and what
 * would be valid. The application's parser adds the sinks, the schedule's cron check and the rest.
 */
public final class SourceParser {
    private static final Logger LOG = LoggerFactory.getLogger(SourceParser.class);
    static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Map<String, SourceType> SOURCE_TYPES = Map.of(
            "organization",
            SourceType.ORGANIZATION,
            "account",
            SourceType.ACCOUNT,
            "insight",
            SourceType.INSIGHT,
            "account-v1",
            SourceType.ACCOUNT_V1,
            "user-v1",
            SourceType.USER_V1);

    private SourceParser() {}

    /** Whether {@code name} is a valid source, sink or connection name: lower-case letters, digits and '-'. */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    public static ApiConfig.RateLimit parseRateLimit(ConfigProperties api) {
        Optional<String> raw = api.optional(ConnectionOptions.RATE_LIMIT);
        if (raw.isEmpty()) {
            return ApiConfig.DEFAULT_RATE_LIMIT;
        }
        String[] parts = raw.get().split("/", 2);
        try {
            int requests = Integer.parseInt(parts[0].trim());
            Duration window = Duration.parse(parts[1].trim().toUpperCase());
            if (requests < 1 || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException();
            }
            return new ApiConfig.RateLimit(requests, window);
        } catch (RuntimeException e) {
            throw new ConfigException(
                    api.key(ConnectionOptions.RATE_LIMIT),
                    "'" + raw.get() + "' is not a rate; valid: "
                            + "<requests>/<ISO-8601 duration>, e.g. 1000/PT5M (Cloudflare allows 1200/PT5M per token)");
        }
    }

    /** One source, {@code <sources>.<name>.*}; its schedule is a string here, checked as a cron by the application. */
    public static SourceConfig parseSource(String name, ConfigProperties sources) {
        ConfigProperties s = sources.section(name);
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(
                    s.key("type"),
                    "the source name '" + name + "' is not valid; valid: lower-case "
                            + "letters, digits and '-', e.g. cfaudit.source.acme-account.type");
        }
        SourceType type = s.choice(SourceOptions.TYPE, SOURCE_TYPES);
        AuditEndpoint endpoint = switch (type) {
            case ORGANIZATION -> AuditEndpoint.organization(id(s, SourceOptions.ORGANIZATION_ID));
            case ACCOUNT -> AuditEndpoint.account(id(s, SourceOptions.ACCOUNT_ID));
            case INSIGHT -> insightEndpoint(s);
            case ACCOUNT_V1 -> AuditEndpoint.accountV1(id(s, SourceOptions.ACCOUNT_ID));
            case USER_V1 -> AuditEndpoint.userV1();
        };
        String schedule = s.string(SourceOptions.SCHEDULE);
        StartPosition start = parseStart(s);
        int pageSize = s.integer(SourceOptions.PAGE_SIZE);
        Duration settle = s.duration(SourceOptions.SETTLE);
        Duration lookback = s.duration(SourceOptions.LOOKBACK);
        int maxPages = s.integer(SourceOptions.MAX_PAGES);
        Map<String, List<String>> filters = parseFilters(s, type);
        boolean pushDown = s.bool(SourceOptions.PUSH_DOWN);
        String connection = s.string(SourceOptions.CONNECTION);
        SourceConfig.Backfill backfill = new SourceConfig.Backfill(
                s.integer(SourceOptions.BACKFILL_PARALLELISM), s.duration(SourceOptions.BACKFILL_SLICE));
        return new SourceConfig(
                name,
                endpoint,
                schedule,
                start,
                pageSize,
                settle,
                lookback,
                maxPages,
                filters,
                pushDown,
                connection,
                backfill);
    }

    private static AuditEndpoint insightEndpoint(ConfigProperties s) {
        Optional<String> account = s.optional(SourceOptions.ACCOUNT_ID);
        Optional<String> zone = s.optional(SourceOptions.ZONE_ID);
        if (account.isPresent() == zone.isPresent()) {
            throw new ConfigException(
                    s.key(SourceOptions.ACCOUNT_ID),
                    "an insight source needs exactly one of " + s.key(SourceOptions.ACCOUNT_ID) + " or "
                            + s.key(SourceOptions.ZONE_ID));
        }
        String scopeKind = account.isPresent() ? "accounts" : "zones";
        String scopeId = account.isPresent() ? id(s, SourceOptions.ACCOUNT_ID) : id(s, SourceOptions.ZONE_ID);
        String issue = s.optional(SourceOptions.ISSUE_ID).isPresent() ? id(s, SourceOptions.ISSUE_ID) : null;
        return AuditEndpoint.insight(scopeKind, scopeId, issue);
    }

    private static String id(ConfigProperties s, Option<String> key) {
        String value = s.required(key, "the Cloudflare id, e.g. 023e105f4ecef8ad9ca31a8372d0c353");
        if (!ID.matcher(value).matches()) {
            throw new ConfigException(
                    s.key(key),
                    "'" + value + "' is not a Cloudflare id; valid: 1 to 128 letters, " + "digits, '-' or '_'");
        }
        return value;
    }

    private static StartPosition parseStart(ConfigProperties s) {
        Optional<String> raw = s.optional(SourceOptions.START);
        if (raw.isEmpty()) {
            return new StartPosition.Ago(SourceConfig.DEFAULT_START);
        }
        Optional<StartPosition> parsed = ConfigProperties.parseInstant(raw.get())
                .<StartPosition>map(StartPosition.At::new)
                .or(() -> ConfigProperties.parseDuration(raw.get())
                        .filter(d -> !d.isNegative())
                        .map(StartPosition.Ago::new));
        return parsed.orElseThrow(() -> new ConfigException(
                s.key(SourceOptions.START),
                "'" + raw.get() + "' is neither an "
                        + "instant nor a duration; valid examples: 2026-11-01T00:00:00Z, P7D, PT6H"));
    }

    private static Map<String, List<String>> parseFilters(ConfigProperties s, SourceType type) {
        Map<String, FilterParameters.Parameter> declared = FilterParameters.of(type);
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : s.subKeys(SourceOptions.FILTER).entrySet()) {
            String param = e.getKey();
            String key = s.key("filter." + param);
            if (FilterParameters.MANAGED.contains(param)) {
                throw new ConfigException(key, "'" + param + "' is set by the poller itself and cannot be a filter");
            }
            FilterParameters.Parameter parameter = declared.get(param);
            if (parameter == null) {
                throw new ConfigException(
                        key,
                        "the " + type.configName() + " endpoint has no parameter '" + param + "'"
                                + whyNot(param, type, declared) + "; valid: "
                                + String.join(
                                        ", ",
                                        declared.keySet().stream().sorted().toList()));
            }
            List<String> values = ConfigProperties.splitList(e.getValue());
            if (values.isEmpty()) {
                throw new ConfigException(key, "has no value; valid: comma-separated values");
            }
            if (!FilterParameters.repeatable(type) && values.size() > 1) {
                throw new ConfigException(key, "takes a single value on the " + type.configName() + " endpoint");
            }
            for (String v : values) {
                parameter.problem(v).ifPresent(problem -> {
                    throw new ConfigException(key, problem);
                });
            }
            if (parameter.deprecated()) {
                LOG.warn(
                        "{}: Cloudflare deprecated '{}' in favour of '{}'; it is still sent, but use {} instead",
                        key,
                        param,
                        parameter.deprecatedBy(),
                        s.key("filter." + parameter.deprecatedBy()));
            }
            filters.put(param, List.copyOf(values));
        }
        return filters;
    }

    /** Why an endpoint lacks a parameter, when another form or endpoint has it (else nothing). */
    private static String whyNot(String param, SourceType type, Map<String, FilterParameters.Parameter> declared) {
        if (param.endsWith(".not") && declared.containsKey(param.substring(0, param.length() - 4))) {
            return " ('" + param.substring(0, param.length() - 4) + "' has no '.not' form)";
        }
        List<String> others = FilterParameters.elsewhere(param, type).stream()
                .map(SourceType::configName)
                .toList();
        if (others.isEmpty()) {
            return "";
        }
        String names = others.size() <= 2
                ? String.join(" and ", others)
                : String.join(", ", others.subList(0, others.size() - 1)) + " and " + others.get(others.size() - 1);
        return " (only the " + names + (others.size() == 1 ? " endpoint has it)" : " endpoints have it)");
    }
}
