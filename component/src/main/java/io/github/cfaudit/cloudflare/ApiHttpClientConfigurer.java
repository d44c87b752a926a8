package io.github.cfaudit.cloudflare;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Shapes the HTTP client of the source routes. Apache HttpClient would retry a 429 or 503 on its own, after a
 * Retry-After that nothing else knows about, and would store cookies between runs: the poller decides about retries
 * itself (a request sent inside a Retry-After window hurts every tool sharing the token), so both are off.
 */
public final class ApiHttpClientConfigurer implements HttpClientConfigurer {
    /** The registry name the endpoint URIs refer to. */
    public static final String BEAN_NAME = "cfauditHttpClientConfigurer";

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.disableCookieManagement();
        builder.disableRedirectHandling();
    }
}
