package io.github.cfaudit.sink.s3;

import io.github.cfaudit.config.ProxyConfig;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ProxyConfiguration;

/**
 * The AWS SDK proxy settings of an S3 sink. Only what the sink's options say: the JVM's {@code http.proxyHost} and the
 * {@code HTTPS_PROXY} environment variables are ignored, so a proxy is never used by surprise.
 */
final class S3Proxy {
    private static final Pattern NOT_PLAIN = Pattern.compile("[^A-Za-z0-9-]");

    /**
     * Proxies such as tinyproxy never answer {@code Expect: 100-continue}: the client would wait 3 s before every
     * upload. The S3 client asks for it on every PutObject, so it is removed from requests that go through a proxy.
     */
    static final ExecutionInterceptor NO_EXPECT_CONTINUE = new ExecutionInterceptor() {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    };

    private S3Proxy() {}

    static ProxyConfiguration configuration(Optional<ProxyConfig> proxy) {
        ProxyConfiguration.Builder b =
                ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false);
        proxy.ifPresent(p -> {
            b.endpoint(URI.create(
                    "http://" + (p.host().contains(":") ? "[" + p.host() + "]" : p.host()) + ":" + p.port()));
            p.username().ifPresent(b::username);
            p.password().ifPresent(secret -> b.password(secret.reveal()));
            // credentials with the first request, instead of a 407 round trip before every upload
            b.preemptiveBasicAuthenticationEnabled(p.username().isPresent());
            b.nonProxyHosts(nonProxyHosts(p));
        });
        return b.build();
    }

    /** The SDK matches each entry as a regular expression over the host name. */
    static Set<String> nonProxyHosts(ProxyConfig proxy) {
        Set<String> patterns = new LinkedHashSet<>();
        for (String host : proxy.noProxy()) {
            if (host.equals("*")) {
                patterns.add(".*");
            } else if (host.startsWith("*.") || host.startsWith(".")) {
                String domain = host.substring(host.indexOf('.') + 1);
                patterns.add("(.*\\.)?" + literal(domain));
            } else {
                patterns.add(literal(host));
            }
        }
        return patterns;
    }

    /** A host name as a regular expression matching only itself. */
    private static String literal(String host) {
        return NOT_PLAIN.matcher(host).replaceAll("\\\\$0");
    }
}
