package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component face inside the standalone application: a YAML route in {@code routes/} beside the configuration
 * consumes {@code cloudflare-audit:} next to the application's own sources and sinks.
 */
class YamlEmbeddingIT {
    private static final Path JAR =
            Path.of("app/target/camel-cloudflare-audit.jar").toAbsolutePath();
    private static final String TOKEN = "yaml-token-3e8a";

    @TempDir
    Path dir;

    @Test
    void aYamlRouteConsumesTheComponentBesideTheConfiguredSources() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken(TOKEN)) {
            Instant t = Instant.now().minus(Duration.ofMinutes(20));
            for (int i = 0; i < 7; i++) {
                sim.addAccountEntry(ACCOUNT, Entries.audit("a" + i, t.plusSeconds(i)));
                sim.addOrganizationEntry(ORG, Entries.audit("o" + i, t.plusSeconds(i)));
            }
            Path config = dir.resolve("application.properties");
            Files.writeString(
                    config, """
                    cfaudit.api.base-url=%s
                    cfaudit.api.token=%s
                    cfaudit.state.directory=%s
                    cfaudit.source.org.type=organization
                    cfaudit.source.org.organization-id=%s
                    cfaudit.source.org.settle=PT0S
                    cfaudit.source.org.schedule=* * * * * ?
                    cfaudit.sink.all.type=file
                    cfaudit.sink.all.directory=%s
                    """.formatted(sim.baseUrl(), TOKEN, dir.resolve("state"), ORG, dir.resolve("all")));
            Files.createDirectories(dir.resolve("routes"));
            Files.writeString(dir.resolve("routes/account-pages.yaml"), """
                    - route:
                        id: account-pages
                        from:
                          uri: cloudflare-audit:yaml-acct
                          parameters:
                            type: account
                            accountId: %s
                            apiToken: "%s"
                            baseUrl: "%s"
                            stateDirectory: %s
                            pageSize: 3
                            settle: PT0S
                            initialDelay: 0
                            delay: 500
                          steps:
                            - split:
                                simple: "${body}"
                                steps:
                                  - setBody:
                                      simple: "${header.CloudflareAuditPageNumber} ${body}"
                                  - to: "file:%s?fileName=pages.txt&fileExist=Append&appendChars=\\\\n"
                    """.formatted(
                            ACCOUNT, TOKEN, sim.baseUrl(), dir.resolve("state"), dir.resolve("yaml")));
            Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "--config", config.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("app.log").toFile())
                    .start();
            try {
                Path pages = dir.resolve("yaml/pages.txt");
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Files.exists(pages)
                                && Files.readAllLines(pages).size() >= 7
                                && AuditHarness.ids(dir.resolve("all")).size() >= 7);
                List<String> lines = Files.readAllLines(pages);
                // each entry once, with its page number (3 per page), as the exact JSON the API sent
                assertThat(lines).hasSize(7);
                assertThat(lines)
                        .extracting(l -> l.substring(0, l.indexOf(' ')))
                        .containsExactly("1", "1", "1", "2", "2", "2", "3");
                assertThat(lines)
                        .extracting(l -> AuditHarness.parse(l.substring(l.indexOf(' ') + 1))
                                .get("id")
                                .asText())
                        .containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6");
                assertThat(AuditHarness.ids(dir.resolve("all")))
                        .containsExactly("o0", "o1", "o2", "o3", "o4", "o5", "o6");
                assertThat(dir.resolve("state/yaml-acct.checkpoint.json")).exists();
                assertThat(Files.readString(dir.resolve("app.log"))).doesNotContain(TOKEN);
            } finally {
                p.destroy();
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
