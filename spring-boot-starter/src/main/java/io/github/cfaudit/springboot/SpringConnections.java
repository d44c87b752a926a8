package io.github.cfaudit.springboot;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.ConnectionsParser;
import io.github.cfaudit.config.Credentials;
import io.github.cfaudit.config.ProxyConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.SourceParser;
import io.github.cfaudit.config.StartPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code camel.component.cloudflare-audit.connection.*} and {@code .connections.<name>.*} into
 * {@link ConnectionConfig}s with the application's own parser: the options become the
 * {@code cfaudit.connection.<name>.*} properties they stand for, are read by {@link ConnectionsParser}, and each key
 * in a message is put back as the Spring key. The connections it returns name the Spring keys too (a proxy refusing
 * its password says {@code camel.component.cloudflare-audit.connection.proxy-password}).
 */
public final class SpringConnections {
    /** The Spring prefix of the component's connection. */
    public static final String PREFIX = CloudflareAuditComponentConfiguration.PREFIX + ".connection";

    /** The Spring prefix of the named connections, {@code <prefix>.<name>.*}. */
    public static final String NAMED_PREFIX = CloudflareAuditComponentConfiguration.PREFIX + ".connections";

    /** A name only the parser sees: a named connection's messages name its keys and nothing else. */
    private static final String PARSED_AS = "spring-boot";

    private static final String PARSER_PREFIX = "cfaudit.connection." + PARSED_AS;

    private SpringConnections() {}

    /**
     * The component's connection ({@code component}, null when none of its keys is set, named
     * {@value ConnectionConfig#DEFAULT}) and the named ones, in that order, by name.
     *
     * @throws ConfigException naming the Spring key at fault and what is valid
     */
    public static Map<String, ConnectionConfig> parse(
            ConnectionProperties component, Map<String, ConnectionProperties> named) {
        Map<String, ConnectionConfig> connections = new LinkedHashMap<>();
        if (component != null) {
            connections.put(ConnectionConfig.DEFAULT, parse(ConnectionConfig.DEFAULT, PREFIX, component));
        }
        named.forEach((name, options) -> {
            String prefix = NAMED_PREFIX + "." + name;
            if (!SourceParser.isValidName(name)) {
                throw new ConfigException(
                        prefix + ".token",
                        "the connection name '" + name + "' is not valid; valid: lower-case letters, digits and '-', "
                                + "e.g. " + NAMED_PREFIX + ".tenant-a.token");
            }
            if (name.equals(ConnectionConfig.DEFAULT)) {
                throw new ConfigException(
                        prefix + ".token",
                        "'" + ConnectionConfig.DEFAULT + "' is the component's connection; valid: its keys, " + PREFIX
                                + ".*, or another name");
            }
            connections.put(name, parse(name, prefix, options));
        });
        rejectSharedCredentials(connections);
        return connections;
    }

    /** One connection, {@code <prefix>.*}. */
    static ConnectionConfig parse(String name, String prefix, ConnectionProperties options) {
        Map<String, String> p = new LinkedHashMap<>();
        options.setOptions().forEach((k, v) -> p.put(PARSER_PREFIX + "." + k, v));
        ConnectionConfig parsed;
        try {
            ConfigProperties root = ConfigProperties.of(p).section("cfaudit");
            // the parser keeps the connections some source uses: one stands for the endpoints on this connection
            SourceConfig user = new SourceConfig(
                    PARSED_AS,
                    AuditEndpoint.organization(PARSED_AS),
                    SourceConfig.DEFAULT_SCHEDULE,
                    new StartPosition.Ago(SourceConfig.DEFAULT_START),
                    SourceConfig.MAX_PAGE_SIZE,
                    SourceConfig.DEFAULT_SETTLE,
                    SourceConfig.DEFAULT_LOOKBACK,
                    SourceConfig.DEFAULT_MAX_PAGES,
                    Map.of(),
                    PARSED_AS);
            parsed = ConnectionsParser.parse(root, Map.of(), List.of(user)).get(PARSED_AS);
            root.rejectUnread(k -> "");
        } catch (ConfigException e) {
            String problem = e.getMessage().substring(e.key().length() + 2);
            throw new ConfigException(springKeys(e.key(), prefix), springKeys(problem, prefix));
        }
        return new ConnectionConfig(
                name,
                parsed.api(),
                parsed.proxy()
                        .map(x -> new ProxyConfig(
                                x.host(),
                                x.port(),
                                x.username(),
                                x.password(),
                                x.noProxy(),
                                prefix + ".proxy-password")),
                prefix);
    }

    /** As the application does: two connections with one token would split its Cloudflare budget in two. */
    private static void rejectSharedCredentials(Map<String, ConnectionConfig> connections) {
        Map<Credentials, ConnectionConfig> seen = new LinkedHashMap<>();
        for (ConnectionConfig c : connections.values()) {
            ConnectionConfig other = seen.putIfAbsent(c.api().credentials(), c);
            if (other != null) {
                boolean token = c.api().credentials() instanceof Credentials.ApiToken;
                String what = token ? "token" : "key";
                throw new ConfigException(
                        c.key(what),
                        "is the same " + (token ? "API token" : "global key") + " as " + other.key(what)
                                + ": two connections with one token would split its rate budget in two; valid: one "
                                + "connection per token, used by every endpoint on it");
            }
        }
    }

    /** Every {@code cfaudit.connection.<parsed-as>.} in {@code text} as {@code prefix.}. */
    private static String springKeys(String text, String prefix) {
        return text.replaceAll(Pattern.quote(PARSER_PREFIX + "."), Matcher.quoteReplacement(prefix + "."));
    }
}
