package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.config.ProxyConfig;
import io.github.cfaudit.config.Secret;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.apache.ProxyConfiguration;

class S3ProxyTest {
    private static final ProxyConfig PROXY = new ProxyConfig(
            "proxy.corp",
            3128,
            Optional.of("svc"),
            Optional.of(Secret.of("pw")),
            List.of("localhost", ".storage.corp", "*.r2.example", "10.0.0.7"),
            "cfaudit.sink.arch.proxy-password");

    @Test
    void noProxyHostsBecomeSdkPatternsMatchingTheHostAndItsSubDomains() {
        Set<String> patterns = S3Proxy.nonProxyHosts(PROXY);
        assertThat(matches(patterns, "localhost")).isTrue();
        assertThat(matches(patterns, "minio.storage.corp")).isTrue();
        assertThat(matches(patterns, "storage.corp")).isTrue();
        assertThat(matches(patterns, "a.b.r2.example")).isTrue();
        assertThat(matches(patterns, "10.0.0.7")).isTrue();
        // dots are literal: 10x0x0x7 is not 10.0.0.7, and storage.corp.evil is not below storage.corp
        assertThat(matches(patterns, "10x0x0x7")).isFalse();
        assertThat(matches(patterns, "storage.corp.evil")).isFalse();
        assertThat(matches(patterns, "s3.amazonaws.com")).isFalse();
    }

    @Test
    void theSdkGetsOnlyWhatIsConfigured() {
        ProxyConfiguration none = S3Proxy.configuration(Optional.empty());
        assertThat(none.host()).isNull();
        ProxyConfiguration c = S3Proxy.configuration(Optional.of(PROXY));
        assertThat(c.host()).isEqualTo("proxy.corp");
        assertThat(c.port()).isEqualTo(3128);
        assertThat(c.username()).isEqualTo("svc");
        assertThat(c.password()).isEqualTo("pw");
        assertThat(c.nonProxyHosts()).hasSize(4);
    }

    private static boolean matches(Set<String> patterns, String host) {
        return patterns.stream().anyMatch(host::matches);
    }
}
