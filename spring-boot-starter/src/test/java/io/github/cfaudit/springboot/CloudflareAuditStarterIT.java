package io.github.cfaudit.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.cloudflare.AuditEntries;
import io.github.cfaudit.component.CloudflareAuditComponent;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.Credentials;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.state.CheckpointStore;
import io.github.cfaudit.state.FileCheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.spi.SLF4JServiceProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application with the starter, configured by {@code application-simulator.yaml}: its own route from
 * {@code cloudflare-audit:} polls the simulator over HTTP with the connection and the checkpoint store that YAML
 * gave the component.
 */
@SpringBootTest(classes = CloudflareAuditStarterIT.App.class)
@ActiveProfiles("simulator")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class CloudflareAuditStarterIT {
    static final String TOKEN = "starter-token-5d1e";
    static final String ORG = "a67e14daa5f8dceeb91fe5449ba496ef";
    static final String TENANT_B_TOKEN = "tenant-b-token-90aa";
    static final String ORG_B = "b67e14daa5f8dceeb91fe5449ba496ef";
    static final CloudflareApiSimulator SIM =
            CloudflareApiSimulator.start().acceptToken(TOKEN).acceptToken(TENANT_B_TOKEN);
    static final Path STATE = tempDir();
    static final Instant T = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
    static final List<String> ENTRIES =
            List.of(entry("sb-0", T), entry("sb-1", T.plusSeconds(1)), entry("sb-2", T.plusSeconds(2)));

    static {
        ENTRIES.forEach(e -> SIM.addOrganizationEntry(ORG, e));
        SIM.addOrganizationEntry(ORG_B, entry("tb-0", T));
    }

    @DynamicPropertySource
    static void simulator(DynamicPropertyRegistry registry) {
        registry.add("camel.component.cloudflare-audit.connection.base-url", SIM::baseUrl);
        registry.add("camel.component.cloudflare-audit.connections.tenant-b.base-url", SIM::baseUrl);
        registry.add("test.state-directory", STATE::toString);
    }

    @AfterAll
    static void stopSimulator() {
        SIM.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        CheckpointStore auditStore() {
            return new FileCheckpointStore(STATE);
        }

        @Bean
        RouteBuilder auditRoute() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("cloudflare-audit:acme?type=organization&organizationId=" + ORG
                                    + "&pageSize=2&start=PT1H&settle=PT0S&initialDelay=0&delay=500")
                            .routeId("acme-audit")
                            .to("mock:out");
                    from("cloudflare-audit:tenant-b?type=organization&organizationId=" + ORG_B
                                    + "&connection=#tenant-b&start=PT1H&settle=PT0S&initialDelay=0&delay=500")
                            .routeId("tenant-b-audit")
                            .to("mock:tenant-b");
                }
            };
        }
    }

    @Autowired
    CamelContext camel;

    @Autowired
    CheckpointStore auditStore;

    @Autowired
    ConfigurationPropertiesReportEndpoint configprops;

    @Autowired
    EnvironmentEndpoint env;

    @Test
    void theRouteReceivesThePagesWithTheConnectionAndStoreTheYamlGaveTheComponent(CapturedOutput output)
            throws Exception {
        MockEndpoint out = camel.getEndpoint("mock:out", MockEndpoint.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> out.getReceivedCounter() >= 2);

        Exchange first = out.getReceivedExchanges().get(0);
        assertThat(first.getMessage().getBody()).isInstanceOf(AuditEntries.class);
        // the page as NDJSON: each entry exactly as the API sent it, one per line
        assertThat(first.getMessage().getBody(String.class)).isEqualTo(ENTRIES.get(0) + "\n" + ENTRIES.get(1) + "\n");
        assertThat(out.getReceivedExchanges().get(1).getMessage().getBody(String.class))
                .isEqualTo(ENTRIES.get(2) + "\n");

        // the options of application-simulator.yaml reached the component
        CloudflareAuditComponent component = camel.getComponent("cloudflare-audit", CloudflareAuditComponent.class);
        assertThat(component.isBridgeErrorHandler()).isTrue();
        assertThat(component.getCheckpointStore()).isSameAs(auditStore);
        ConnectionConfig connection = component.getConnection();
        assertThat(connection)
                .isSameAs(camel.getRegistry()
                        .lookupByNameAndType(
                                CloudflareAuditComponentAutoConfiguration.CONNECTION_BEAN, ConnectionConfig.class));
        ApiConfig api = connection.api();
        assertThat(api.baseUrl()).hasToString(SIM.baseUrl());
        assertThat(api.rateLimit()).isEqualTo(new ApiConfig.RateLimit(600, Duration.ofMinutes(5)));
        assertThat(api.maxRetries()).isEqualTo(2);
        assertThat(api.retryDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(api.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(api.timeout()).isEqualTo(ApiConfig.DEFAULT_TIMEOUT);
        assertThat(api.credentials()).isInstanceOf(Credentials.ApiToken.class);
        assertThat(api.credentials().headers()).containsEntry("Authorization", "Bearer " + TOKEN);
        assertThat(connection.key("token")).isEqualTo("camel.component.cloudflare-audit.connection.token");

        // the requests carried the YAML's token, and the checkpoint went to the store the YAML named
        assertThat(SIM.requests()).isNotEmpty();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> auditStore.load("acme").isPresent());
        assertThat(Files.list(STATE)).isNotEmpty();

        // the route that named the YAML's connection tenant-b polled with its token
        MockEndpoint tenantB = camel.getEndpoint("mock:tenant-b", MockEndpoint.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> tenantB.getReceivedCounter() >= 1);
        assertThat(tenantB.getReceivedExchanges().get(0).getMessage().getBody(String.class))
                .isEqualTo(entry("tb-0", T) + "\n");
        assertThat(SIM.requests())
                .filteredOn(r -> r.path().contains(ORG_B))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TENANT_B_TOKEN));
        assertThat(SIM.requests())
                .filteredOn(r -> r.path().contains(ORG + "/"))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));

        // no secret in the log, and one SLF4J provider (Spring Boot's logback): the starter brings no binding
        assertThat(output.getAll())
                .doesNotContain(TOKEN)
                .doesNotContain(TENANT_B_TOKEN)
                .doesNotContain("multiple SLF4J providers");
        assertThat(ServiceLoader.load(SLF4JServiceProvider.class).stream()
                        .map(p -> p.type().getName()))
                .containsExactly("ch.qos.logback.classic.spi.LogbackServiceProvider");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theActuatorHidesTheTokenEvenWhereItShowsValues() {
        var descriptor = configprops.configurationProperties();
        Map<String, Object> properties = descriptor.getContexts().values().stream()
                .flatMap(c -> c.getBeans().values().stream())
                .filter(b -> CloudflareAuditComponentConfiguration.PREFIX.equals(b.getPrefix()))
                .findFirst()
                .orElseThrow()
                .getProperties();
        Map<String, Object> shown = (Map<String, Object>) properties.get("connection");
        assertThat(shown)
                .containsEntry("token", "******")
                .containsEntry("rateLimit", "600/PT5M")
                .containsEntry("baseUrl", SIM.baseUrl());
        assertThat(properties).containsEntry("bridgeErrorHandler", true);
        Map<String, Map<String, Object>> named = (Map<String, Map<String, Object>>) properties.get("connections");
        assertThat(named.get("tenant-b")).containsEntry("token", "******");
        assertThat(String.valueOf(descriptor.getContexts()))
                .doesNotContain(TOKEN)
                .doesNotContain(TENANT_B_TOKEN);

        var token = env.environmentEntry("camel.component.cloudflare-audit.connection.token");
        assertThat(String.valueOf(token.getProperty().getValue())).isEqualTo("******");
        var tenantB = env.environmentEntry("camel.component.cloudflare-audit.connections.tenant-b.token");
        assertThat(String.valueOf(tenantB.getProperty().getValue())).isEqualTo("******");
        var rate = env.environmentEntry("camel.component.cloudflare-audit.connection.rate-limit");
        assertThat(String.valueOf(rate.getProperty().getValue())).isEqualTo("600/PT5M");
    }

    private static String entry(String id, Instant time) {
        return "{\"id\":\"" + id + "\",\"action\":{\"description\":\"test\",\"result\":\"success\",\"time\":\""
                + time + "\",\"type\":\"update\"},\"actor\":{\"email\":\"alice@example.com\",\"id\":\"u1\","
                + "\"ip_address\":\"192.0.2.1\",\"type\":\"user\",\"context\":\"api_token\"},"
                + "\"resource\":{\"id\":\"r1\",\"product\":\"dns\",\"scope\":\"accounts\",\"type\":\"dns_record\"}}";
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("cfaudit-starter-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
