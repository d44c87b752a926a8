package io.github.cfaudit.connection;

import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.ProxyConfig;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * The Apache HttpClient 5 clients of one connection, the one place they are built: for the page requests
 * ({@link io.github.cfaudit.source.PageFetcher}) and for the {@code --check} probes ({@link ProbeClient}), so a check
 * passes only where a run would.
 *
 * <p>Every client has the connection's timeouts ({@code connect-timeout} to connect; {@code timeout} for each read, for
 * the response and for a connection from the pool). It neither retries nor follows redirects nor keeps cookies: Apache
 * HttpClient would retry a 429 or 503 on its own, after a Retry-After that nothing else knows about, and would store
 * cookies between runs; the poller decides about retries itself (a request sent inside a Retry-After window hurts
 * every tool sharing the token).
 *
 * <p>Through the connection's proxy, an {@code https} base URL is reached by a CONNECT tunnel (the proxy sees the host
 * name, never the token) and an {@code http} one by absolute-URI requests; hosts in {@code no-proxy} are reached
 * directly. A 407 from the proxy ends the request with a {@link ProxyAuthenticationException} naming the key to fix.
 */
public final class ApiHttpClients {
    private static final String PROXY_AUTH_CHECK = "cfaudit-proxy-authentication";

    private ApiHttpClients() {}

    /** The client of a source's page requests: its connections are kept alive from page to page. */
    public static CloseableHttpClient forPages(ConnectionConfig connection) {
        return builder(connection).build();
    }

    /**
     * The client of the {@code --check} probes: a fresh connection for each request. A probe makes two or three, and a
     * proxy that closes a kept-alive connection after an answer (tinyproxy does) would otherwise fail the next one,
     * which a probe does not retry.
     */
    public static CloseableHttpClient forProbes(ConnectionConfig connection) {
        return builder(connection)
                .setConnectionReuseStrategy((request, response, context) -> false)
                .build();
    }

    private static HttpClientBuilder builder(ConnectionConfig connection) {
        ApiConfig api = connection.api();
        Timeout connect = Timeout.ofMilliseconds(api.connectTimeout().toMillis());
        Timeout timeout = Timeout.ofMilliseconds(api.timeout().toMillis());
        HttpClientBuilder builder = HttpClientBuilder.create()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(
                                SocketConfig.custom().setSoTimeout(timeout).build())
                        .setDefaultConnectionConfig(org.apache.hc.client5.http.config.ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout)
                        .setConnectionRequestTimeout(timeout)
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling();
        connection.proxy().ifPresent(proxy -> configureProxy(builder, connection, proxy));
        return builder;
    }

    private static void configureProxy(HttpClientBuilder builder, ConnectionConfig connection, ProxyConfig proxy) {
        HttpHost proxyHost = new HttpHost("http", proxy.host(), proxy.port());
        builder.setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
            @Override
            protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                return proxy.bypasses(target.getHostName()) ? null : proxyHost;
            }
        });
        if (proxy.username().isPresent()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(
                    new AuthScope(proxyHost),
                    new UsernamePasswordCredentials(
                            proxy.username().get(),
                            proxy.password().orElseThrow().reveal().toCharArray()));
            builder.setDefaultCredentialsProvider(credentials);
        }
        builder.addExecInterceptorFirst(PROXY_AUTH_CHECK, proxyAuthenticationCheck(connection, proxy));
    }

    /**
     * 407 is the proxy's answer to missing or wrong credentials. Some proxies (tinyproxy among them) answer wrong
     * credentials with a 401 asking for Basic authentication instead: the Cloudflare API never asks for Basic, so such
     * a 401 through the proxy is the proxy's too. A refused CONNECT can only be the proxy's answer.
     */
    private static ExecChainHandler proxyAuthenticationCheck(ConnectionConfig connection, ProxyConfig proxy) {
        return (request, scope, chain) -> {
            ClassicHttpResponse response;
            try {
                response = chain.proceed(request, scope);
            } catch (TunnelRefusedException e) {
                if (e.getResponse() != null && isProxyAuthFailure(e.getResponse(), true)) {
                    throw failure(connection, proxy);
                }
                throw e;
            }
            if (scope.route.getProxyHost() != null
                    && isProxyAuthFailure(response, proxy.username().isPresent())) {
                response.close();
                throw failure(connection, proxy);
            }
            return response;
        };
    }

    private static boolean isProxyAuthFailure(HttpResponse response, boolean basicChallengeIsTheProxys) {
        if (response.getCode() == HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED) {
            return true;
        }
        Header challenge = response.getFirstHeader(HttpHeaders.WWW_AUTHENTICATE);
        return basicChallengeIsTheProxys
                && response.getCode() == HttpStatus.SC_UNAUTHORIZED
                && challenge != null
                && challenge.getValue().regionMatches(true, 0, "Basic", 0, 5);
    }

    private static ProxyAuthenticationException failure(ConnectionConfig connection, ProxyConfig proxy) {
        String problem = proxy.username().isPresent()
                ? "refused the user name and password given by " + connection.key("proxy-username") + " and "
                        + proxy.passwordKey() + " (or " + proxy.passwordKey() + "-file)"
                : "asks for authentication; set " + connection.key("proxy-username") + " and " + proxy.passwordKey()
                        + " (or " + proxy.passwordKey() + "-file)";
        return new ProxyAuthenticationException("connection " + connection.name() + ": the proxy " + proxy.describe()
                + " answered 407 Proxy Authentication Required: it " + problem + ". Not retried.");
    }
}
