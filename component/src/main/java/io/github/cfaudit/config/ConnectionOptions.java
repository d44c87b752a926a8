package io.github.cfaudit.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of a connection: {@code cfaudit.api.*} (the connection {@value ConnectionConfig#DEFAULT}) and
 * {@code cfaudit.connection.<name>.*}, and the proxy options they share with the S3 sink.
 */
public final class ConnectionOptions {
    public static final Option<Secret> TOKEN = Option.secret(
            "token",
            "API token, sent as `Authorization: Bearer`; "
                    + "needs read access to what is polled (Account Settings Read for account audit logs)");
    public static final Option<String> EMAIL = Option.string(
                    "email",
                    null,
                    "an e-mail address",
                    "e-mail of the user owning a legacy global API key (with `key`, instead of a token)")
            .example("ops@example.com");
    public static final Option<Secret> KEY =
            Option.secret("key", "legacy global API key, sent as `X-Auth-Key` with `X-Auth-Email`");
    public static final Option<String> BASE_URL = Option.text(
            "base-url", "URL", ApiConfig.DEFAULT_BASE_URL, "http(s) URL without query or user info", "API base URL");
    public static final Option<Duration> CONNECT_TIMEOUT = Option.duration(
            "connect-timeout", ApiConfig.DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(100), "TCP connect timeout");
    public static final Option<Duration> TIMEOUT = Option.duration(
            "timeout",
            ApiConfig.DEFAULT_TIMEOUT,
            Duration.ofMillis(100),
            "longest wait for a response, and between bytes of it");
    public static final Option<String> RATE_LIMIT = Option.text(
            "rate-limit",
            "rate",
            ApiConfig.DEFAULT_RATE_LIMIT.requests() + "/" + ApiConfig.DEFAULT_RATE_LIMIT.window(),
            "<requests>/<ISO-8601 duration>",
            "client-side budget shared by every source on this token "
                    + "(Cloudflare allows 1200/PT5M per token, shared with other tools)");
    public static final Option<Integer> MAX_RETRIES = Option.integer(
            "max-retries",
            ApiConfig.DEFAULT_MAX_RETRIES,
            0,
            100,
            "retries of a page request after a transient failure (429, 5xx, timeout, broken body)");
    public static final Option<Duration> RETRY_DELAY = Option.duration(
            "retry-delay",
            ApiConfig.DEFAULT_RETRY_DELAY,
            Duration.ZERO,
            "first backoff delay of those retries; doubled each time, with jitter, at most 1 minute");

    public static final Option<String> PROXY = Option.text(
                    "proxy",
                    "URL",
                    null,
                    "http://host:port (port default " + ProxyConfig.DEFAULT_PORT + ")",
                    "HTTP proxy for the requests (`https` goes through a CONNECT tunnel); " + "unset: direct")
            .defaultText("— (direct)")
            .example("http://proxy.corp:3128");
    public static final Option<String> PROXY_USERNAME = Option.string(
            "proxy-username", null, "", "user name for Basic authentication at the proxy (with `proxy-password`)");
    public static final Option<Secret> PROXY_PASSWORD =
            Option.secret("proxy-password", "password for Basic authentication at the proxy");
    public static final Option<String> NO_PROXY = Option.text(
            "no-proxy",
            "list",
            null,
            "comma-separated host names",
            "hosts reached directly: `localhost`, `10.0.0.7`, `.corp.example` or `*.corp.example` (the domain and "
                    + "every sub-domain), `*` (all)");

    /** The proxy options, below a connection or an S3 sink. */
    public static final List<Option<?>> PROXY_OPTIONS = List.of(PROXY, PROXY_USERNAME, PROXY_PASSWORD, NO_PROXY);

    private static final String INHERITED = "the value of `cfaudit.api.*`";

    private ConnectionOptions() {}

    static OptionGroup api() {
        List<Option<?>> options = new ArrayList<>(List.of(
                TOKEN.defaultText("env `CLOUDFLARE_API_TOKEN`"),
                EMAIL,
                KEY,
                BASE_URL,
                CONNECT_TIMEOUT,
                TIMEOUT,
                RATE_LIMIT,
                MAX_RETRIES,
                RETRY_DELAY));
        options.addAll(PROXY_OPTIONS);
        return new OptionGroup(
                "api",
                "API access",
                "cfaudit.api.",
                "The connection named `default`, used by every "
                        + "source that names none. Credentials: `token` (or `token-file`), or `email` plus `key`.",
                options);
    }

    static OptionGroup named() {
        List<Option<?>> options = new ArrayList<>(List.of(
                TOKEN,
                EMAIL,
                KEY,
                BASE_URL,
                CONNECT_TIMEOUT.defaultText(INHERITED),
                TIMEOUT.defaultText(INHERITED),
                RATE_LIMIT,
                MAX_RETRIES.defaultText(INHERITED),
                RETRY_DELAY.defaultText(INHERITED)));
        options.addAll(PROXY_OPTIONS);
        return new OptionGroup(
                "connection",
                "Connections",
                "cfaudit.connection.<name>.",
                "More tokens, each with its "
                        + "own rate budget; a source picks one with `connection`. `<name>`: lower-case letters, digits and "
                        + "`-` (not `default`). Proxy options are not inherited from `cfaudit.api.*`.",
                options);
    }
}
