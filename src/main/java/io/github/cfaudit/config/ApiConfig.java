package io.github.cfaudit.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Cloudflare: {@code cfaudit.api.*}.
 *
 * @param baseUrl        {@code cfaudit.api.base-url}, without trailing slash
 * @param credentials    token or e-mail plus key
 * @param connectTimeout {@code cfaudit.api.connect-timeout}
 * @param timeout        {@code cfaudit.api.timeout}: the longest wait for a response (and between bytes of it)
 */
public record ApiConfig(URI baseUrl, Credentials credentials, Duration connectTimeout, Duration timeout) {
    public static final String DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ApiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl == null");
        Objects.requireNonNull(credentials, "credentials == null");
        Objects.requireNonNull(connectTimeout, "connectTimeout == null");
        Objects.requireNonNull(timeout, "timeout == null");
    }
}
