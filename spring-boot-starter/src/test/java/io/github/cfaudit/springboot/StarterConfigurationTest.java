package io.github.cfaudit.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.component.CloudflareAuditComponent;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.Credentials;
import io.github.cfaudit.state.CheckpointStore;
import io.github.cfaudit.state.FileCheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What the starter makes of {@code camel.component.cloudflare-audit.*}, and how a bad value fails the start. */
@ExtendWith(OutputCaptureExtension.class)
class StarterConfigurationTest {
    private static final String C = "camel.component.cloudflare-audit.connection.";
    private static final String SECRET = "t0ken-never-printed";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CamelAutoConfiguration.class,
                    CloudflareAuditComponentConverter.class,
                    CloudflareAuditComponentAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void aBadConnectionValueFailsTheStartNamingItsSpringKey() {
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, C + "rate-limit=lots"),
                C + "rate-limit",
                "'lots' is not a rate; valid: <requests>/<ISO-8601 duration>, e.g. 1000/PT5M");
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, C + "timeout=30s"),
                C + "timeout",
                "'30s' is not an ISO-8601 duration");
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, C + "max-retries=1000"),
                C + "max-retries",
                "1000 is out of range; valid: 0 to 100");
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, C + "base-url=ftp://example.com"),
                C + "base-url",
                "is not an http(s) URL");
    }

    @Test
    void credentialAndProxyRulesNameTheSpringKeys() {
        assertFailure(
                runner.withPropertyValues(C + "base-url=http://127.0.0.1:1/client/v4"),
                C + "token",
                "no credentials: set " + C + "token or " + C + "token-file, or " + C + "email plus " + C + "key");
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, C + "email=ops@example.com", C + "key=k"),
                C + "token",
                "set either an API token or email plus key, not both");
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, C + "proxy-username=svc"),
                C + "proxy-username",
                "is set without " + C + "proxy; valid: set " + C + "proxy=http://proxy.example.com:3128");
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, C + "proxy=http://svc:" + SECRET + "@proxy:3128"),
                C + "proxy",
                "is not an HTTP proxy address");
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, C + "token-file=" + dir.resolve("missing")),
                C + "token-file",
                "is set together with " + C + "token");
    }

    @Test
    void aTypoBelowThePrefixFailsTheStartInsteadOfBeingDropped() {
        runner.withPropertyValues(C + "tokn=" + SECRET).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(UnboundConfigurationPropertiesException.class)
                    .hasMessageContaining(C + "tokn");
        });
    }

    @Test
    void theConnectionBeanHasTheValuesAndNamesTheSpringKeys() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), SECRET + "\n");
        runner.withPropertyValues(
                        C + "token-file=" + tokenFile,
                        C + "proxy=http://proxy.corp:8080",
                        C + "proxy-username=svc",
                        C + "proxy-password=pw",
                        C + "no-proxy=localhost, .corp.example")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ConnectionConfig connection = context.getBean(
                            CloudflareAuditComponentAutoConfiguration.CONNECTION_BEAN, ConnectionConfig.class);
                    assertThat(connection.api().credentials())
                            .isEqualTo(new Credentials.ApiToken(io.github.cfaudit.config.Secret.of(SECRET)));
                    assertThat(connection.proxy()).hasValueSatisfying(p -> {
                        assertThat(p.describe()).isEqualTo("http://proxy.corp:8080 (as svc)");
                        assertThat(p.noProxy()).containsExactly("localhost", ".corp.example");
                        assertThat(p.passwordKey()).isEqualTo(C + "proxy-password");
                    });
                    assertThat(connection.key("proxy-username")).isEqualTo(C + "proxy-username");
                    // what a log line of the bean shows
                    assertThat(connection.toString()).doesNotContain(SECRET).doesNotContain("pw,");
                    assertThat(context.getBean(CloudflareAuditComponentConfiguration.class)
                                    .getConnection()
                                    .toString())
                            .doesNotContain(SECRET);

                    CloudflareAuditComponent component = component(context);
                    assertThat(component.getConnection()).isSameAs(connection);
                });
    }

    @Test
    void withoutConnectionKeysTheOnlyConnectionAndStoreBeansAreTheComponentsDefaults() {
        ConnectionConfig own = SpringConnections.parse("own", "test.own", connection("own-token"));
        CheckpointStore store = new FileCheckpointStore(dir);
        runner.withBean("ownConnection", ConnectionConfig.class, () -> own)
                .withBean("ownStore", CheckpointStore.class, () -> store)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(CloudflareAuditComponentAutoConfiguration.CONNECTION_BEAN);
                    CloudflareAuditComponent component = component(context);
                    assertThat(component.getConnection()).isSameAs(own);
                    assertThat(component.getCheckpointStore()).isSameAs(store);
                    assertThat(component.isBridgeErrorHandler()).isFalse();
                });
    }

    @Test
    void theYamlConnectionWinsOverOtherConnectionBeansAndAStoreIsNamedByBean() {
        ConnectionConfig other = SpringConnections.parse("other", "test.other", connection("other-token"));
        runner.withBean("otherConnection", ConnectionConfig.class, () -> other)
                .withBean("storeA", CheckpointStore.class, () -> new FileCheckpointStore(dir.resolve("a")))
                .withBean("storeB", CheckpointStore.class, () -> new FileCheckpointStore(dir.resolve("b")))
                .withPropertyValues(
                        C + "token=" + SECRET,
                        "camel.component.cloudflare-audit.checkpoint-store=#bean:storeB",
                        "camel.component.cloudflare-audit.bridge-error-handler=true")
                .run(context -> {
                    CloudflareAuditComponent component = component(context);
                    assertThat(component.getConnection())
                            .isSameAs(context.getBean(CloudflareAuditComponentAutoConfiguration.CONNECTION_BEAN));
                    assertThat(component.getCheckpointStore()).isSameAs(context.getBean("storeB"));
                    assertThat(component.isBridgeErrorHandler()).isTrue();
                });
    }

    @Test
    void namedConnectionsAreBeansOfTheirNameAndNeverTheComponentsOwn() {
        String n = "camel.component.cloudflare-audit.connections.";
        runner.withPropertyValues(
                        n + "tenant-a.token=token-a",
                        n + "tenant-a.rate-limit=100/PT1M",
                        n + "tenant-b.email=ops@example.com",
                        n + "tenant-b.key=key-b")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ConnectionConfig a = context.getBean("tenant-a", ConnectionConfig.class);
                    assertThat(a.name()).isEqualTo("tenant-a");
                    assertThat(a.api().rateLimit()).hasToString("100/PT1M");
                    assertThat(a.key("token")).isEqualTo(n + "tenant-a.token");
                    assertThat(context.getBean("tenant-b", ConnectionConfig.class)
                                    .api()
                                    .credentials())
                            .isInstanceOf(Credentials.GlobalKey.class);
                    assertThat(context).doesNotHaveBean(CloudflareAuditComponentAutoConfiguration.CONNECTION_BEAN);
                    assertThat(component(context).getConnection()).isNull();
                });
        runner.withPropertyValues(C + "token=token-c", n + "tenant-a.token=token-a")
                .run(context -> assertThat(component(context).getConnection())
                        .isSameAs(context.getBean(CloudflareAuditComponentAutoConfiguration.CONNECTION_BEAN))
                        .isNotSameAs(context.getBean("tenant-a")));
        assertFailure(
                runner.withPropertyValues(n + "tenant-a.token=t", n + "tenant-a.max-retries=-1"),
                n + "tenant-a.max-retries",
                "-1 is out of range; valid: 0 to 100");
        assertFailure(
                runner.withPropertyValues(C + "token=" + SECRET, n + "tenant-a.token=" + SECRET),
                n + "tenant-a.token",
                "is the same API token as " + C + "token: two connections with one token would split its rate "
                        + "budget in two");
        assertFailure(
                runner.withPropertyValues(n + "default.token=t"),
                n + "default.token",
                "'default' is the component's connection; valid: its keys, camel.component.cloudflare-audit.connection.*");
    }

    @Test
    void enabledFalseTurnsTheAutoConfigurationOff() {
        runner.withPropertyValues("camel.component.cloudflare-audit.enabled=false", C + "rate-limit=lots")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(CloudflareAuditComponentAutoConfiguration.CONNECTION_BEAN);
                    assertThat(context).doesNotHaveBean(ComponentCustomizer.class);
                });
    }

    @Test
    void springBootReportsABadValueAsAFailedStartWithTheKey(CapturedOutput output) {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(java.util.Map.of(C + "token", SECRET, C + "retry-delay", "2 seconds"));
        assertThatThrownBy(app::run).hasRootCauseInstanceOf(ConfigException.class);
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains(C + "retry-delay: '2 seconds' is not an ISO-8601 duration")
                .contains("Correct " + C + "retry-delay")
                .doesNotContain(SECRET);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    private static CloudflareAuditComponent component(AssertableApplicationContext context) {
        return context.getBean(CamelContext.class).getComponent("cloudflare-audit", CloudflareAuditComponent.class);
    }

    private static ConnectionProperties connection(String token) {
        ConnectionProperties p = new ConnectionProperties();
        p.setToken(token);
        return p;
    }

    private static void assertFailure(ApplicationContextRunner runner, String key, String problem) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(ConfigException.class, e -> {
                assertThat(e.key()).isEqualTo(key);
                assertThat(e.getMessage())
                        .startsWith(key + ": ")
                        .contains(problem)
                        .doesNotContain("cfaudit.")
                        .doesNotContain(SECRET);
            });
        });
    }
}
