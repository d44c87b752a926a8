package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.Entries;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health and metrics of the running application, read over HTTP from Camel's management server. */
class OperationsIT {
    private static final Path JAR =
            Path.of("app/target/camel-cloudflare-audit.jar").toAbsolutePath();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void healthAndMetricsTellWhetherEverySourceIsCurrentAndWhyNot() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("ops-token")) {
            for (int i = 0; i < 30; i++) {
                sim.addAccountEntry(
                        ACCOUNT,
                        Entries.audit(
                                "e" + i,
                                Instant.now().minus(Duration.ofMinutes(20)).plusSeconds(i)));
            }
            Path config = dir.resolve("ops.properties");
            Files.writeString(
                    config, """
                    cfaudit.api.base-url=%s
                    cfaudit.api.token=ops-token
                    cfaudit.api.max-retries=0
                    cfaudit.state.directory=%s
                    cfaudit.source.acct.type=account
                    cfaudit.source.acct.account-id=%s
                    cfaudit.source.acct.settle=PT0S
                    cfaudit.source.acct.schedule=* * * * * ?
                    cfaudit.source.broken.type=organization
                    cfaudit.source.broken.organization-id=a67e14daa5f8dceeb91fe5449ba496ef
                    cfaudit.source.broken.schedule=* * * * * ?
                    cfaudit.health.max-failures=2
                    cfaudit.sink.all.type=file
                    cfaudit.sink.all.directory=%s
                    camel.management.port=%d
                    """.formatted(sim.baseUrl(), dir.resolve("state"), ACCOUNT, dir.resolve("out"), port));
            // the organization source fails every time: its token has no access there
            sim.failWhen(
                    r -> r.path().contains("/organizations/"),
                    Integer.MAX_VALUE,
                    403,
                    "application/json",
                    "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],\"result\":null}");
            Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "--config", config.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("app.log").toFile())
                    .start();
            try {
                String base = "http://127.0.0.1:" + port + "/observe/";
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    String json = get(base + "health?data=true");
                    JsonNode broken = check(json, "cfaudit-source-broken");
                    JsonNode acct = check(json, "cfaudit-source-acct");
                    return broken.path("data").path("consecutive.failures").asInt() >= 2
                            && !acct.path("data").path("last.success").asText().equals("null");
                });
                JsonNode health = new ObjectMapper().readTree(get(base + "health?data=true"));
                assertThat(health.path("status").asText()).isEqualTo("DOWN");
                JsonNode broken = check(health, "cfaudit-source-broken");
                assertThat(broken.path("status").asText()).isEqualTo("DOWN");
                assertThat(broken.path("data").path("last.error").asText())
                        .contains("HTTP 403")
                        .contains("Authentication error");
                JsonNode acct = check(health, "cfaudit-source-acct");
                assertThat(acct.path("status").asText()).isEqualTo("UP");
                assertThat(acct.path("data").path("consecutive.failures").asInt())
                        .isZero();
                assertThat(acct.path("data").path("connection").asText()).isEqualTo("default");
                assertThat(acct.path("data").path("last.success").asText()).isNotEqualTo("null");
                assertThat(acct.path("data").path("lag.seconds").asLong()).isLessThan(60);
                assertThat(check(health, "cfaudit-sink-all").path("status").asText())
                        .isEqualTo("UP");

                String metrics = get(base + "metrics");
                assertThat(metrics)
                        .contains("cfaudit_source_entries_fetched_total{source=\"acct\"} 30.0")
                        .contains("cfaudit_source_entries_delivered_total{source=\"acct\"} 30.0")
                        .contains("cfaudit_api_requests_total{source=\"broken\",status=\"403\"}")
                        .contains("cfaudit_sink_entries_written_total{sink=\"all\"} 30.0")
                        .contains("cfaudit_sink_write_seconds_count{sink=\"all\"}")
                        .contains("cfaudit_source_lag_seconds{connection=\"default\",source=\"acct\"}")
                        .contains("cfaudit_api_rate_budget_remaining{connection=\"default\"}")
                        .contains("cfaudit_api_rate_paused{connection=\"default\"} 0.0")
                        .contains("cfaudit_source_consecutive_failures{connection=\"default\",source=\"broken\"}");
                assertThat(Files.readString(dir.resolve("app.log")))
                        .contains("source acct: window")
                        .contains("source broken: run failed")
                        .contains("The next scheduled run");
            } finally {
                p.destroy();
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static JsonNode check(String healthJson, String name) throws Exception {
        return check(new ObjectMapper().readTree(healthJson), name);
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
