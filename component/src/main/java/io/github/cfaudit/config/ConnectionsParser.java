package io.github.cfaudit.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code cfaudit.api.*} (the connection {@value ConnectionConfig#DEFAULT}) and every
 * {@code cfaudit.connection.<name>.*}, and ties each source to its connection. Timeouts and retries a named connection
 * leaves out are those of {@code cfaudit.api.*}. Only connections some source uses are kept; two of them with the same
 * credentials are an error, because they would split one Cloudflare budget in two.
 */
public final class ConnectionsParser {
    private ConnectionsParser() {}

    public static Map<String, ConnectionConfig> parse(
            ConfigProperties root, Map<String, String> env, List<SourceConfig> sources) {
        ConfigProperties api = root.section("api");
        ConfigProperties named = root.section("connection");
        Set<String> used = new TreeSet<>();
        Set<String> declared = new TreeSet<>(root.childNames("connection"));
        for (SourceConfig source : sources) {
            String c = source.connection();
            if (!c.equals(ConnectionConfig.DEFAULT) && !declared.contains(c)) {
                throw new ConfigException(
                        root.key("source." + source.name() + ".connection"),
                        "'" + c + "' is not a "
                                + "configured connection; valid: " + ConnectionConfig.DEFAULT + " (cfaudit.api.*)"
                                + (declared.isEmpty() ? "" : ", " + String.join(", ", declared))
                                + ", or add cfaudit.connection." + c + ".token");
            }
            used.add(c);
        }
        if (declared.contains(ConnectionConfig.DEFAULT)) {
            throw new ConfigException(
                    named.key(ConnectionConfig.DEFAULT),
                    "the connection '" + ConnectionConfig.DEFAULT
                            + "' is configured by cfaudit.api.*; valid: use those keys, or another connection name");
        }

        Map<String, ConnectionConfig> connections = new LinkedHashMap<>();
        // cfaudit.api.* is always read: its timeouts and retries are the defaults of every named connection
        ConnectionConfig defaults =
                connection(ConnectionConfig.DEFAULT, api, null, env, used.contains(ConnectionConfig.DEFAULT));
        if (used.contains(ConnectionConfig.DEFAULT)) {
            connections.put(ConnectionConfig.DEFAULT, defaults);
        }
        for (String name : declared) {
            ConfigProperties c = named.section(name);
            if (!SourceParser.NAME.matcher(name).matches()) {
                throw new ConfigException(
                        c.key("token"),
                        "the connection name '" + name + "' is not valid; valid: "
                                + "lower-case letters, digits and '-', e.g. cfaudit.connection.tenant-a.token");
            }
            if (!used.contains(name)) {
                throw new ConfigException(
                        c.key("token"),
                        "the connection '" + name + "' is used by no source; valid: "
                                + "set cfaudit.source.<name>.connection=" + name + ", or remove it");
            }
            connections.put(name, connection(name, c, defaults.api(), Map.of(), true));
        }
        rejectSharedCredentials(connections);
        return connections;
    }

    /**
     * @param fallback the settings of {@code cfaudit.api.*} for a named connection, null for the default itself
     * @param required whether missing credentials are an error (they are not for an unused default connection)
     */
    private static ConnectionConfig connection(
            String name, ConfigProperties c, ApiConfig fallback, Map<String, String> env, boolean required) {
        var baseUrl = c.httpUrl(ConnectionOptions.BASE_URL);
        Optional<Credentials> credentials = credentials(c, env, fallback == null, required);
        Duration connectTimeout = c.duration(
                ConnectionOptions.CONNECT_TIMEOUT,
                fallback == null ? ApiConfig.DEFAULT_CONNECT_TIMEOUT : fallback.connectTimeout());
        Duration timeout = c.duration(
                ConnectionOptions.TIMEOUT, fallback == null ? ApiConfig.DEFAULT_TIMEOUT : fallback.timeout());
        ApiConfig.RateLimit rateLimit = SourceParser.parseRateLimit(c);
        int maxRetries = c.integer(
                ConnectionOptions.MAX_RETRIES,
                fallback == null ? ApiConfig.DEFAULT_MAX_RETRIES : fallback.maxRetries());
        Duration retryDelay = c.duration(
                ConnectionOptions.RETRY_DELAY,
                fallback == null ? ApiConfig.DEFAULT_RETRY_DELAY : fallback.retryDelay());
        Optional<ProxyConfig> proxy = ProxyConfig.parse(c);
        // an unused default connection without credentials only lends its timeouts and retries
        Credentials creds = credentials.orElseGet(() -> new Credentials.ApiToken(Secret.of("")));
        ApiConfig apiConfig = new ApiConfig(baseUrl, creds, connectTimeout, timeout, rateLimit, maxRetries, retryDelay);
        String prefix = c.key("x");
        return new ConnectionConfig(name, apiConfig, proxy, prefix.substring(0, prefix.length() - 2));
    }

    private static Optional<Credentials> credentials(
            ConfigProperties c, Map<String, String> env, boolean isDefault, boolean required) {
        Optional<Secret> token = c.secret(ConnectionOptions.TOKEN);
        Optional<String> email = c.optional(ConnectionOptions.EMAIL);
        Optional<Secret> key = c.secret(ConnectionOptions.KEY);
        if (token.isPresent()) {
            if (email.isPresent() || key.isPresent()) {
                throw new ConfigException(c.key("token"), "set either an API token or email plus key, not both");
            }
            return Optional.of(new Credentials.ApiToken(token.get()));
        }
        if (email.isPresent() || key.isPresent()) {
            if (email.isEmpty()) {
                throw new ConfigException(
                        c.key("email"),
                        "is required with " + c.key("key")
                                + ": the e-mail address of the Cloudflare user owning the global API key");
            }
            if (key.isEmpty()) {
                throw new ConfigException(
                        c.key("key"), "is required with " + c.key("email") + ": the global API key of that user");
            }
            return Optional.of(new Credentials.GlobalKey(email.get(), key.get()));
        }
        String fromEnv = isDefault ? env.get("CLOUDFLARE_API_TOKEN") : null;
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new Credentials.ApiToken(Secret.of(fromEnv.trim())));
        }
        if (!required) {
            return Optional.empty();
        }
        throw new ConfigException(
                c.key("token"),
                isDefault
                        ? "no credentials: set cfaudit.api.token or cfaudit.api.token-file (or the environment variable "
                                + "CLOUDFLARE_API_TOKEN), or cfaudit.api.email plus cfaudit.api.key"
                        : "no credentials: set " + c.key("token") + " or " + c.key("token-file") + ", or "
                                + c.key("email") + " plus " + c.key("key"));
    }

    private static void rejectSharedCredentials(Map<String, ConnectionConfig> connections) {
        Map<Credentials, ConnectionConfig> seen = new LinkedHashMap<>();
        for (ConnectionConfig c : connections.values()) {
            ConnectionConfig other = seen.putIfAbsent(c.api().credentials(), c);
            if (other != null) {
                String what = c.api().credentials() instanceof Credentials.ApiToken ? "token" : "key";
                throw new ConfigException(
                        c.key(what),
                        "is the same " + (what.equals("token") ? "API token" : "global key")
                                + " as " + other.key(what) + " (connection '" + other.name()
                                + "'): two connections with one "
                                + "token would split its rate budget in two; valid: one connection per token, with "
                                + "cfaudit.source.<name>.connection=" + other.name() + " for every source using it");
            }
        }
    }
}
