package io.github.cfaudit.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One set of Cloudflare credentials and the way to reach the API with them: {@code cfaudit.connection.<name>.*}, or
 * {@code cfaudit.api.*} for the connection named {@value #DEFAULT}. Each connection has its own rate budget: sources
 * on one connection share it, sources on different connections never wait for each other.
 *
 * @param name   the connection name ({@code [a-z0-9-]+})
 * @param api    base URL, credentials, timeouts, client-side rate limit and retries
 * @param proxy  the HTTP proxy requests go through, if any
 * @param prefix the key prefix of its options, {@code cfaudit.api} or {@code cfaudit.connection.<name>}, for messages
 */
public record ConnectionConfig(String name, ApiConfig api, Optional<ProxyConfig> proxy, String prefix) {
    /** The connection of {@code cfaudit.api.*}, used by every source that names none. */
    public static final String DEFAULT = "default";

    public ConnectionConfig {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(api, "api == null");
        Objects.requireNonNull(proxy, "proxy == null");
        Objects.requireNonNull(prefix, "prefix == null");
    }

    /** The full key of one of its options, e.g. {@code cfaudit.connection.tenant-a.base-url}. */
    public String key(String option) {
        return prefix + "." + option;
    }
}
