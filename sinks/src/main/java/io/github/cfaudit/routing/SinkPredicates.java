package io.github.cfaudit.routing;

import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.SinkConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;

/**
 * Compiles a sink's {@code when}: Camel Simple by default, Camel JsonPath after a {@code jsonpath:} prefix. Compiled
 * once at startup, so a syntax error stops the process instead of failing every entry.
 */
public final class SinkPredicates {
    public static final String JSONPATH_PREFIX = "jsonpath:";

    private SinkPredicates() {}

    /** The fast form of a Simple or JsonPath expression, or null when Camel evaluates it. */
    static FastPredicate fastForm(boolean jsonPath, String expression) {
        return jsonPath ? JsonPathFastPath.parse(expression) : SimpleFastPath.parse(expression);
    }

    /** The predicate (a {@link SinkPredicate}), or null when the sink takes every entry. */
    public static Predicate compile(CamelContext context, SinkConfig sink) {
        if (sink.when().isEmpty()) {
            return null;
        }
        String when = sink.when().get();
        boolean jsonPath = when.startsWith(JSONPATH_PREFIX);
        String language = jsonPath ? "jsonpath" : "simple";
        String expression = jsonPath ? when.substring(JSONPATH_PREFIX.length()).trim() : when;
        try {
            if (jsonPath) {
                // Camel compiles JsonPath on first use; compile now so a syntax error stops the start.
                com.jayway.jsonpath.JsonPath.compile(expression);
            }
            Predicate predicate = context.resolveLanguage(language).createPredicate(expression);
            predicate.init(context);
            return new SinkPredicate(when, predicate, fastForm(jsonPath, expression));
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException(
                    "cfaudit.sink." + sink.name() + ".when",
                    "'" + when + "' is not a valid "
                            + (jsonPath ? "JsonPath" : "Simple") + " predicate (" + reason + "); valid examples: "
                            + "${body[action][result]} == 'failure', ${header.CloudflareAuditSource} == 'acme', "
                            + "jsonpath:$[?(@.action.result == 'failure')]");
        }
    }
}
