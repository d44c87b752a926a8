package io.github.cfaudit.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy for outgoing requests: {@code proxy}, {@code proxy-username}, {@code proxy-password} (or
 * {@code proxy-password-file}) and {@code no-proxy}, below a connection ({@code cfaudit.api.*},
 * {@code cfaudit.connection.<name>.*}) or an S3 sink. HTTPS targets are reached through a CONNECT tunnel, so the
 * proxy never sees what is sent inside it; plain-HTTP targets are sent to the proxy as absolute-URI requests.
 *
 * @param host        the proxy's host (an IPv6 address without brackets)
 * @param port        the proxy's port
 * @param username    {@code proxy-username}, for Basic authentication at the proxy
 * @param password    {@code proxy-password}, present exactly with the user name
 * @param noProxy     {@code no-proxy}: host names reached directly; {@code .example.com} or {@code *.example.com}
 *                    also match every sub-domain, {@code *} matches every host
 * @param passwordKey the full key of the password, named by a proxy authentication failure
 */
public record ProxyConfig(
        String host,
        int port,
        Optional<String> username,
        Optional<Secret> password,
        List<String> noProxy,
        String passwordKey) {
    public static final int DEFAULT_PORT = 3128;

    public ProxyConfig {
        Objects.requireNonNull(host, "host == null");
        Objects.requireNonNull(username, "username == null");
        Objects.requireNonNull(password, "password == null");
        Objects.requireNonNull(passwordKey, "passwordKey == null");
        noProxy = noProxy.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("proxy user name and password go together");
        }
    }

    /** True when requests to {@code targetHost} go directly, not through the proxy. */
    public boolean bypasses(String targetHost) {
        String h = targetHost.toLowerCase(Locale.ROOT);
        for (String pattern : noProxy) {
            if (pattern.equals("*") || pattern.equals(h)) {
                return true;
            }
            String suffix = pattern.startsWith("*.") ? pattern.substring(1) : pattern.startsWith(".") ? pattern : null;
            if (suffix != null && (h.endsWith(suffix) || h.equals(suffix.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** {@code http://host:port}, for log lines and messages: never the credentials. */
    public String describe() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + username.map(u -> " (as " + u + ")").orElse("");
    }

    /** The proxy options below {@code s}, or empty when {@code s.proxy} is not set. */
    public static Optional<ProxyConfig> parse(ConfigProperties s) {
        Optional<String> raw = s.optional(ConnectionOptions.PROXY);
        Optional<String> username = s.optional(ConnectionOptions.PROXY_USERNAME);
        Optional<Secret> password = s.secret(ConnectionOptions.PROXY_PASSWORD);
        List<String> noProxy = s.optional(ConnectionOptions.NO_PROXY)
                .map(ConfigProperties::splitList)
                .orElse(List.of());
        if (raw.isEmpty()) {
            String stray = username.isPresent()
                    ? "proxy-username"
                    : password.isPresent() ? "proxy-password" : !noProxy.isEmpty() ? "no-proxy" : null;
            if (stray != null) {
                throw new ConfigException(
                        s.key(stray),
                        "is set without " + s.key("proxy") + "; valid: set " + s.key("proxy")
                                + "=http://proxy.example.com:3128, or remove it");
            }
            return Optional.empty();
        }
        URI uri;
        try {
            String value = raw.get().contains("://") ? raw.get() : "http://" + raw.get();
            uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null
                || !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null
                || uri.getUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null) {
            throw new ConfigException(
                    s.key("proxy"),
                    "'" + raw.get().replaceAll("//[^/@]*@", "//***@")
                            + "' is not an HTTP proxy address; valid: http://host:port, e.g. http://proxy.corp:3128 (user and "
                            + "password go in " + s.key("proxy-username") + " and " + s.key("proxy-password") + ")");
        }
        if (username.isPresent() != password.isPresent()) {
            String missing = username.isPresent() ? "proxy-password" : "proxy-username";
            String present = username.isPresent() ? "proxy-username" : "proxy-password";
            throw new ConfigException(
                    s.key(missing),
                    "is required with " + s.key(present)
                            + "; valid: both (the user name and password the proxy asks for) or neither");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return Optional.of(new ProxyConfig(host, port, username, password, noProxy, s.key("proxy-password")));
    }
}
