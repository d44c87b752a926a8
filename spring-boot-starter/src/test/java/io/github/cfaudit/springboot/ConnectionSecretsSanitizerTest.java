package io.github.cfaudit.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.SanitizableData;

class ConnectionSecretsSanitizerTest {
    private final ConnectionSecretsSanitizer sanitizer = new ConnectionSecretsSanitizer();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "connection.token",
                "connection.key",
                "connection.proxy-password",
                "connections.tenant-a.token",
                "connections.tenant-a.proxyPassword",
                "camel.component.cloudflare-audit.connection.token",
                "camel.component.cloudflare-audit.connections.tenant-a.key",
                "camel.component.cloudflare-audit.connections[tenant-a].token",
                "CAMEL_COMPONENT_CLOUDFLAREAUDIT_CONNECTION_TOKEN",
                "CAMEL_COMPONENT_CLOUDFLAREAUDIT_CONNECTIONS_TENANTA_PROXYPASSWORD"
            })
    void hidesTheSecrets(String key) {
        assertThat(sanitizer.apply(new SanitizableData(null, key, "s3cret")).getValue())
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "connection.base-url",
                "connection.token-file",
                "connections.tenant-a.rate-limit",
                "camel.component.cloudflare-audit.connection.proxy-username",
                "camel.component.cloudflare-audit.bridge-error-handler",
                "camel.component.other.connection.url"
            })
    void showsTheRest(String key) {
        assertThat(sanitizer.apply(new SanitizableData(null, key, "value")).getValue())
                .isEqualTo("value");
    }
}
