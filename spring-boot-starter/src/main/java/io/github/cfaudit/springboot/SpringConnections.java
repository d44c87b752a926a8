package io.github.cfaudit.springboot;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.ConnectionsParser;
import io.github.cfaudit.config.ProxyConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code camel.component.cloudflare-audit.connection.*} into a {@link ConnectionConfig} with the application's
 * own parser: the options become the {@code cfaudit.connection.<name>.*} properties they stand for, are read by
 * {@link ConnectionsParser}, and each key in a message is put back as the Spring key. The connection it returns names
 * the Spring keys too (a proxy refusing its password says {@code camel.component.cloudflare-audit.connection.proxy-password}).
 */
public final class SpringConnections {
    /** The Spring prefix of the component's connection. */
    public static final String PREFIX = CloudflareAuditComponentConfiguration.PREFIX + ".connection";

    /** A name only the parser sees: a named connection's messages name its keys and nothing else. */
    private static final String PARSED_AS = "spring-boot";

    private static final String PARSER_PREFIX = "cfaudit.connection." + PARSED_AS;

    private SpringConnections() {}

    /**
     * The connection {@code options} (as bound below {@code connection.}) declare.
     *
     * @throws ConfigException naming the Spring key at fault and what is valid
     */
    public static ConnectionConfig parse(ConnectionProperties options) {
        Map<String, String> p = new LinkedHashMap<>();
        options.setOptions().forEach((k, v) -> p.put(PARSER_PREFIX + "." + k, v));
        ConnectionConfig parsed;
        try {
            ConfigProperties root = ConfigProperties.of(p).section("cfaudit");
            // the parser keeps the connections some source uses: one stands for every endpoint of the component
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
            throw new ConfigException(springKeys(e.key()), springKeys(problem));
        }
        return new ConnectionConfig(
                ConnectionConfig.DEFAULT,
                parsed.api(),
                parsed.proxy()
                        .map(x -> new ProxyConfig(
                                x.host(),
                                x.port(),
                                x.username(),
                                x.password(),
                                x.noProxy(),
                                PREFIX + ".proxy-password")),
                PREFIX);
    }

    /** Every {@code cfaudit.connection.<parsed-as>.} in {@code text} as the Spring prefix. */
    static String springKeys(String text) {
        return text.replaceAll(Pattern.quote(PARSER_PREFIX + "."), Matcher.quoteReplacement(PREFIX + "."));
    }
}
