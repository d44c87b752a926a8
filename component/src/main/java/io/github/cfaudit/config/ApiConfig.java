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
 * @param rateLimit      {@code cfaudit.api.rate-limit}: the client-side budget shared by every source
 * @param maxRetries     {@code cfaudit.api.max-retries}: retries of a transient failure of one request
 * @param retryDelay     {@code cfaudit.api.retry-delay}: the first backoff delay, doubled per retry
 */
public record ApiConfig(
        URI baseUrl,
        Credentials credentials,
        Duration connectTimeout,
        Duration timeout,
        RateLimit rateLimit,
        int maxRetries,
        Duration retryDelay) {
    public static final String DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final RateLimit DEFAULT_RATE_LIMIT = new RateLimit(1000, Duration.ofMinutes(5));
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
    /** The backoff never waits longer than this between two tries. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

    /** At most {@code requests} requests in any {@code window}. */
    public record RateLimit(int requests, Duration window) {
        @Override
        public String toString() {
            return requests + "/" + window;
        }
    }

    public ApiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl == null");
        Objects.requireNonNull(credentials, "credentials == null");
        Objects.requireNonNull(connectTimeout, "connectTimeout == null");
        Objects.requireNonNull(timeout, "timeout == null");
        Objects.requireNonNull(rateLimit, "rateLimit == null");
        Objects.requireNonNull(retryDelay, "retryDelay == null");
    }
}
