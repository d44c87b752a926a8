package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named connections, the default one of {@code cfaudit.api.*}, proxies and secrets from files. */
class ConnectionsParserTest {
    @TempDir
    Path dir;

    private static Map<String, String> twoTenants() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cfaudit.api.timeout", "PT7S");
        p.put("cfaudit.api.max-retries", "2");
        p.put("cfaudit.connection.tenant-a.token", "token-a");
        p.put("cfaudit.connection.tenant-b.email", "ops@b.example");
        p.put("cfaudit.connection.tenant-b.key", "key-b");
        p.put("cfaudit.connection.tenant-b.base-url", "http://127.0.0.1:8080/client/v4");
        p.put("cfaudit.connection.tenant-b.rate-limit", "100/PT1M");
        p.put("cfaudit.connection.tenant-b.timeout", "PT3S");
        p.put("cfaudit.source.a.type", "account");
        p.put("cfaudit.source.a.account-id", "acc-a");
        p.put("cfaudit.source.a.connection", "tenant-a");
        p.put("cfaudit.source.b.type", "organization");
        p.put("cfaudit.source.b.organization-id", "org-b");
        p.put("cfaudit.source.b.connection", "tenant-b");
        p.put("cfaudit.sink.all.type", "file");
        p.put("cfaudit.sink.all.directory", "/tmp/out");
        return p;
    }

    private static AuditConfig parse(Map<String, String> p) {
        return AuditConfigParser.parse(p, Map.of());
    }

    @Test
    void namedConnectionsFallBackToTheTimeoutsAndRetriesOfCfauditApi() {
        AuditConfig c = parse(twoTenants());
        // no source uses the default connection, so cfaudit.api.* needs no token
        assertThat(c.connections()).containsOnlyKeys("tenant-a", "tenant-b");
        ApiConfig a = c.connections().get("tenant-a").api();
        assertThat(a.baseUrl()).hasToString(ApiConfig.DEFAULT_BASE_URL);
        assertThat(a.credentials().headers()).containsEntry("Authorization", "Bearer token-a");
        assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(a.maxRetries()).isEqualTo(2);
        assertThat(a.rateLimit()).isEqualTo(ApiConfig.DEFAULT_RATE_LIMIT);
        ApiConfig b = c.connections().get("tenant-b").api();
        assertThat(b.credentials().headers()).containsEntry("X-Auth-Key", "key-b");
        assertThat(b.baseUrl()).hasToString("http://127.0.0.1:8080/client/v4");
        assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.rateLimit()).isEqualTo(new ApiConfig.RateLimit(100, Duration.ofMinutes(1)));
        assertThat(c.connection(c.sources().get(0)).name()).isEqualTo("tenant-a");
        assertThat(c.connections().get("tenant-a").key("token")).isEqualTo("cfaudit.connection.tenant-a.token");
    }

    @Test
    void sourcesWithoutAConnectionUseCfauditApiAsTheDefaultConnection() {
        Map<String, String> p = twoTenants();
        p.remove("cfaudit.source.b.connection");
        p.put("cfaudit.api.token", "token-default");
        p.keySet().removeIf(k -> k.startsWith("cfaudit.connection.tenant-b."));
        AuditConfig c = parse(p);
        assertThat(c.connections()).containsOnlyKeys("default", "tenant-a");
        assertThat(c.sources().get(1).connection()).isEqualTo("default");
        assertThat(c.api().credentials().headers()).containsEntry("Authorization", "Bearer token-default");
        assertThat(c.connections().get("default").key("token")).isEqualTo("cfaudit.api.token");
    }

    @Test
    void aSourceOnAnUnknownConnectionIsNamed() {
        Map<String, String> p = twoTenants();
        p.put("cfaudit.source.a.connection", "tenant-x");
        assertThatThrownBy(() -> parse(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cfaudit.source.a.connection: 'tenant-x' is not a configured connection; valid: "
                        + "default (cfaudit.api.*), tenant-a, tenant-b");
    }

    @Test
    void theDefaultConnectionIsRequiredOnlyWhenASourceUsesIt() {
        Map<String, String> p = twoTenants();
        p.remove("cfaudit.source.a.connection");
        assertThatThrownBy(() -> parse(p)).hasMessageContaining("cfaudit.api.token: no credentials");
    }

    @Test
    void anUnusedConnectionAndOneNamedDefaultAreErrors() {
        Map<String, String> p = twoTenants();
        p.put("cfaudit.connection.spare.token", "token-spare");
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining(
                        "cfaudit.connection.spare.token: the connection 'spare' " + "is used by no source");
        Map<String, String> q = twoTenants();
        q.put("cfaudit.connection.default.token", "token-x");
        assertThatThrownBy(() -> parse(q))
                .hasMessageContaining(
                        "cfaudit.connection.default: the connection 'default' is " + "configured by cfaudit.api.*");
    }

    @Test
    void twoConnectionsWithOneTokenAreAnErrorThatDoesNotShowTheToken() {
        Map<String, String> p = twoTenants();
        p.put("cfaudit.api.token", "token-a");
        p.remove("cfaudit.source.b.connection");
        p.keySet().removeIf(k -> k.startsWith("cfaudit.connection.tenant-b."));
        assertThatThrownBy(() -> parse(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cfaudit.connection.tenant-a.token: is the same API token as cfaudit.api.token "
                        + "(connection 'default'): two connections with one token would split its rate budget in two")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("token-a"));
    }

    @Test
    void aTokenFromAFileLosesItsTrailingNewline() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "token-from-file\n");
        Map<String, String> p = twoTenants();
        p.remove("cfaudit.connection.tenant-a.token");
        p.put("cfaudit.connection.tenant-a.token-file", file.toString());
        assertThat(parse(p).connections().get("tenant-a").api().credentials().headers())
                .containsEntry("Authorization", "Bearer token-from-file");
    }

    @Test
    void aSecretFileThatIsMissingEmptyOrDoubledIsAnErrorNamingTheKey() throws Exception {
        Map<String, String> p = twoTenants();
        p.put("cfaudit.connection.tenant-a.token-file", dir.resolve("nope").toString());
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining("cfaudit.connection.tenant-a.token-file: is set together "
                        + "with cfaudit.connection.tenant-a.token; valid: set only one of them")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("token-a"));
        p.remove("cfaudit.connection.tenant-a.token");
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining(
                        "cfaudit.connection.tenant-a.token-file: the file " + dir.resolve("nope") + " does not exist");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        p.put("cfaudit.connection.tenant-a.token-file", empty.toString());
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining("cfaudit.connection.tenant-a.token-file: the file " + empty + " is empty");
    }

    @Test
    void everySecretOptionTakesAFile() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "key-from-file\r\n");
        Path password = Files.writeString(dir.resolve("password"), "proxy-secret\n");
        Map<String, String> p = twoTenants();
        p.remove("cfaudit.connection.tenant-b.key");
        p.put("cfaudit.connection.tenant-b.key-file", key.toString());
        p.put("cfaudit.connection.tenant-b.proxy", "http://proxy.corp:3128");
        p.put("cfaudit.connection.tenant-b.proxy-username", "svc");
        p.put("cfaudit.connection.tenant-b.proxy-password-file", password.toString());
        AuditConfig c = parse(p);
        ConnectionConfig b = c.connections().get("tenant-b");
        assertThat(b.api().credentials().headers()).containsEntry("X-Auth-Key", "key-from-file");
        assertThat(b.proxy().orElseThrow().password().orElseThrow().reveal()).isEqualTo("proxy-secret");
        assertThat(b.toString()).doesNotContain("proxy-secret").doesNotContain("key-from-file");
    }

    @Test
    void proxyOptionsAreValidated() {
        Map<String, String> p = twoTenants();
        p.put("cfaudit.connection.tenant-a.proxy", "http://proxy.corp:3128");
        p.put("cfaudit.connection.tenant-a.no-proxy", "localhost, .internal.example,10.0.0.7");
        ProxyConfig proxy = parse(p).connections().get("tenant-a").proxy().orElseThrow();
        assertThat(proxy.host()).isEqualTo("proxy.corp");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.noProxy()).containsExactly("localhost", ".internal.example", "10.0.0.7");
        assertThat(proxy.bypasses("LOCALHOST")).isTrue();
        assertThat(proxy.bypasses("s3.internal.example")).isTrue();
        assertThat(proxy.bypasses("internal.example")).isTrue();
        assertThat(proxy.bypasses("api.cloudflare.com")).isFalse();
        assertThat(proxy.bypasses("10.0.0.77")).isFalse();

        p.put("cfaudit.connection.tenant-a.proxy", "http://[::1]:8888");
        ProxyConfig v6 = parse(p).connections().get("tenant-a").proxy().orElseThrow();
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.describe()).isEqualTo("http://[::1]:8888");

        p.put("cfaudit.connection.tenant-a.proxy-username", "svc");
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining("cfaudit.connection.tenant-a.proxy-password: is "
                        + "required with cfaudit.connection.tenant-a.proxy-username");
        p.remove("cfaudit.connection.tenant-a.proxy-username");
        p.put("cfaudit.connection.tenant-a.proxy", "http://svc:hunter2@proxy.corp:3128");
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining("cfaudit.connection.tenant-a.proxy: 'http://***@proxy.corp:3128' "
                        + "is not an HTTP proxy address")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        p.remove("cfaudit.connection.tenant-a.proxy");
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining(
                        "cfaudit.connection.tenant-a.no-proxy: is set without " + "cfaudit.connection.tenant-a.proxy");
    }

    @Test
    void cfauditApiTakesTheProxyKeysToo() {
        Map<String, String> p = twoTenants();
        p.remove("cfaudit.source.b.connection");
        p.keySet().removeIf(k -> k.startsWith("cfaudit.connection.tenant-b."));
        p.put("cfaudit.api.token", "token-default");
        p.put("cfaudit.api.proxy", "proxy.corp:8080");
        ConnectionConfig c = parse(p).connections().get("default");
        assertThat(c.proxy().orElseThrow().describe()).isEqualTo("http://proxy.corp:8080");
        assertThat(c.proxy().orElseThrow().passwordKey()).isEqualTo("cfaudit.api.proxy-password");
        assertThat(List.copyOf(parse(p).connections().keySet())).containsExactly("default", "tenant-a");
    }
}
