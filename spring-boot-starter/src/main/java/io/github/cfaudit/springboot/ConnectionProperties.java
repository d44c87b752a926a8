package io.github.cfaudit.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code camel.component.cloudflare-audit.connection.*}: the keys of the application's {@code cfaudit.api.*}, with its
 * values and rules (ISO-8601 durations, {@code <requests>/<duration>} rates, a secret or its {@code -file}). Every
 * value is kept as written and checked by {@link SpringConnections}, so a bad one fails the start with the message the
 * application gives, naming this key.
 */
public class ConnectionProperties {
    /**
     * API token, sent as Authorization: Bearer; needs read access to what is polled (Account Settings Read for account
     * audit logs). Or token-file, or email plus key.
     */
    private String token;

    /** A file holding the API token (its trailing line break removed), e.g. a mounted secret; instead of token. */
    private String tokenFile;

    /** E-mail of the user owning a legacy global API key (with key, instead of a token). */
    private String email;

    /** Legacy global API key, sent as X-Auth-Key with X-Auth-Email (with email, instead of a token). */
    private String key;

    /** A file holding the legacy global API key; instead of key. */
    private String keyFile;

    /** API base URL: an http(s) URL without query or user info. Default: https://api.cloudflare.com/client/v4. */
    private String baseUrl;

    /** TCP connect timeout, an ISO-8601 duration of at least PT0.1S. Default: PT10S. */
    private String connectTimeout;

    /** Longest wait for a response, and between bytes of it, an ISO-8601 duration of at least PT0.1S. Default: PT60S. */
    private String timeout;

    /**
     * Client-side budget shared by every endpoint on this token, as requests/ISO-8601 duration (Cloudflare allows
     * 1200/PT5M per token, shared with other tools). Default: 1000/PT5M.
     */
    private String rateLimit;

    /** Retries of a page request after a transient failure (429, 5xx, timeout, broken body), 0 to 100. Default: 5. */
    private String maxRetries;

    /**
     * First backoff delay of those retries, an ISO-8601 duration; doubled each time, with jitter, at most 1 minute.
     * Default: PT2S.
     */
    private String retryDelay;

    /**
     * HTTP proxy for the requests, http://host:port (port default 3128); https goes through a CONNECT tunnel. Unset:
     * direct.
     */
    private String proxy;

    /** User name for Basic authentication at the proxy (with proxy-password). */
    private String proxyUsername;

    /** Password for Basic authentication at the proxy (with proxy-username). */
    private String proxyPassword;

    /** A file holding the proxy password; instead of proxy-password. */
    private String proxyPasswordFile;

    /**
     * Hosts reached directly, comma-separated: localhost, 10.0.0.7, .corp.example or *.corp.example (the domain and
     * every sub-domain), * (all).
     */
    private String noProxy;

    /** The options that are set, by their key below {@code connection.} (the names of {@code cfaudit.api.*}). */
    Map<String, String> setOptions() {
        Map<String, String> set = new LinkedHashMap<>();
        put(set, "token", token);
        put(set, "token-file", tokenFile);
        put(set, "email", email);
        put(set, "key", key);
        put(set, "key-file", keyFile);
        put(set, "base-url", baseUrl);
        put(set, "connect-timeout", connectTimeout);
        put(set, "timeout", timeout);
        put(set, "rate-limit", rateLimit);
        put(set, "max-retries", maxRetries);
        put(set, "retry-delay", retryDelay);
        put(set, "proxy", proxy);
        put(set, "proxy-username", proxyUsername);
        put(set, "proxy-password", proxyPassword);
        put(set, "proxy-password-file", proxyPasswordFile);
        put(set, "no-proxy", noProxy);
        return set;
    }

    private static void put(Map<String, String> set, String key, String value) {
        if (value != null && !value.isBlank()) {
            set.put(key, value);
        }
    }

    /** Names the options that are set, never their values: the token must not reach a log through this object. */
    @Override
    public String toString() {
        return "ConnectionProperties" + setOptions().keySet();
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getTokenFile() {
        return tokenFile;
    }

    public void setTokenFile(String tokenFile) {
        this.tokenFile = tokenFile;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getKeyFile() {
        return keyFile;
    }

    public void setKeyFile(String keyFile) {
        this.keyFile = keyFile;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(String connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(String rateLimit) {
        this.rateLimit = rateLimit;
    }

    public String getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(String maxRetries) {
        this.maxRetries = maxRetries;
    }

    public String getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(String retryDelay) {
        this.retryDelay = retryDelay;
    }

    public String getProxy() {
        return proxy;
    }

    public void setProxy(String proxy) {
        this.proxy = proxy;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public String getProxyPasswordFile() {
        return proxyPasswordFile;
    }

    public void setProxyPasswordFile(String proxyPasswordFile) {
        this.proxyPasswordFile = proxyPasswordFile;
    }

    public String getNoProxy() {
        return noProxy;
    }

    public void setNoProxy(String noProxy) {
        this.noProxy = noProxy;
    }
}
