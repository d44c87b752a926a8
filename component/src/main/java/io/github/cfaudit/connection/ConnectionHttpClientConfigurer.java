package io.github.cfaudit.connection;

import io.github.cfaudit.cloudflare.ApiHttpClientConfigurer;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.ProxyConfig;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The HTTP client of one connection: the settings every API client gets ({@link ApiHttpClientConfigurer}), plus its
 * proxy. Through a proxy, an {@code https} base URL is reached by a CONNECT tunnel (the proxy sees the host name, never
 * the token) and an {@code http} one by absolute-URI requests; hosts in {@code no-proxy} are reached directly. A 407
 * from the proxy ends the request with a {@link ProxyAuthenticationException} naming the key to fix.
 */
public final class ConnectionHttpClientConfigurer implements HttpClientConfigurer {
    private static final String PROXY_AUTH_CHECK = "cfaudit-proxy-authentication";

    private final ConnectionConfig connection;

    public ConnectionHttpClientConfigurer(ConnectionConfig connection) {
        this.connection = connection;
    }

    /** The registry name of the configurer of {@code connection}, as the endpoint URIs refer to it. */
    public static String beanName(String connection) {
        return ApiHttpClientConfigurer.BEAN_NAME + "-" + connection;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        new ApiHttpClientConfigurer().configureHttpClient(builder);
        connection.proxy().ifPresent(proxy -> configureProxy(builder, proxy));
    }

    private void configureProxy(HttpClientBuilder builder, ProxyConfig proxy) {
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
        builder.addExecInterceptorFirst(PROXY_AUTH_CHECK, proxyAuthenticationCheck(proxy));
    }

    /**
     * 407 is the proxy's answer to missing or wrong credentials. Some proxies (tinyproxy among them) answer wrong
     * credentials with a 401 asking for Basic authentication instead: the Cloudflare API never asks for Basic, so such
     * a 401 through the proxy is the proxy's too. A refused CONNECT can only be the proxy's answer.
     */
    private ExecChainHandler proxyAuthenticationCheck(ProxyConfig proxy) {
        return (request, scope, chain) -> {
            ClassicHttpResponse response;
            try {
                response = chain.proceed(request, scope);
            } catch (TunnelRefusedException e) {
                if (e.getResponse() != null && isProxyAuthFailure(e.getResponse(), true)) {
                    throw failure(proxy);
                }
                throw e;
            }
            if (scope.route.getProxyHost() != null
                    && isProxyAuthFailure(response, proxy.username().isPresent())) {
                response.close();
                throw failure(proxy);
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

    private ProxyAuthenticationException failure(ProxyConfig proxy) {
        String problem = proxy.username().isPresent()
                ? "refused the user name and password given by " + connection.key("proxy-username") + " and "
                        + proxy.passwordKey() + " (or " + proxy.passwordKey() + "-file)"
                : "asks for authentication; set " + connection.key("proxy-username") + " and " + proxy.passwordKey()
                        + " (or " + proxy.passwordKey() + "-file)";
        return new ProxyAuthenticationException("connection " + connection.name() + ": the proxy " + proxy.describe()
                + " answered 407 Proxy Authentication Required: it " + problem + ". Not retried.");
    }
}
