package io.github.cfaudit.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** The smallest valid {@code cfaudit.*} configuration, for the parser tests to add to, change or break. */
public final class MinimalConfig {
    public static final String TOKEN = "secret-token-123";

    private MinimalConfig() {}

    /**
     * A token, one account source named {@code source} and one file sink named {@code sink} writing to
     * {@code /tmp/out}; a new mutable map, in that order.
     */
    public static Map<String, String> properties(String source, String sink) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cfaudit.api.token", TOKEN);
        p.put("cfaudit.source." + source + ".type", "account");
        p.put("cfaudit.source." + source + ".account-id", "023e105f4ecef8ad9ca31a8372d0c353");
        p.put("cfaudit.sink." + sink + ".type", "file");
        p.put("cfaudit.sink." + sink + ".directory", "/tmp/out");
        return p;
    }
}
