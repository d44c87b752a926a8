package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static io.github.cfaudit.testing.AuditHarness.ZONE;
import static io.github.cfaudit.testing.PackagedApp.JAR;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.PackagedApp;
import io.github.cfaudit.testing.PackagedApp.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged application, {@code java -jar app/target/camel-cloudflare-audit.jar --once}, as a separate process. */
class ApplicationIT {
    private static final String TOKEN = "app-token-5c1d9e";

    @TempDir
    Path dir;

    CloudflareApiSimulator sim;
    final Instant base = Instant.now().minus(Duration.ofHours(3));

    @BeforeEach
    void setUp() {
        sim = CloudflareApiSimulator.start().acceptToken(TOKEN);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private Path config(String extra) throws IOException {
        String text = """
                cfaudit.api.base-url=%s
                cfaudit.api.token=%s
                cfaudit.state.directory=%s
                cfaudit.source.org.type=organization
                cfaudit.source.org.organization-id=%s
                cfaudit.source.org.settle=PT0S
                cfaudit.source.acct.type=account
                cfaudit.source.acct.account-id=%s
                cfaudit.source.acct.settle=PT0S
                cfaudit.source.insights.type=insight
                cfaudit.source.insights.zone-id=%s
                cfaudit.source.insights.settle=PT0S
                cfaudit.sink.all.type=file
                cfaudit.sink.all.directory=%s
                cfaudit.sink.failures.type=file
                cfaudit.sink.failures.directory=%s
                cfaudit.sink.failures.when=jsonpath:$[?(@.action.result == 'failure')]
                cfaudit.sink.org-only.type=file
                cfaudit.sink.org-only.directory=%s
                cfaudit.sink.org-only.when=${header.CloudflareAuditSource} == 'org'
                """.formatted(
                                sim.baseUrl(),
                                TOKEN,
                                dir.resolve("state"),
                                ORG,
                                ACCOUNT,
                                ZONE,
                                dir.resolve("all"),
                                dir.resolve("failures"),
                                dir.resolve("org-only"))
                + extra;
        Path file = dir.resolve("application.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        return PackagedApp.run(
                PackagedApp.javaJar(args),
                dir,
                e -> {
                    e.remove("CLOUDFLARE_API_TOKEN");
                    e.putAll(env);
                },
                Duration.ofSeconds(90));
    }

    private List<String> add(int n, int offsetMinutes) {
        return add(n, offsetMinutes, base.plus(Duration.ofMinutes(offsetMinutes)), Duration.ofMinutes(1));
    }

    private List<String> add(int n, int offsetMinutes, Instant from, Duration step) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant t = from.plus(step.multipliedBy(i));
            String result = i % 4 == 0 ? "failure" : "success";
            sim.addOrganizationEntry(
                    ORG, Entries.audit("org-" + offsetMinutes + "-" + i, t, "update", result, "a@example.com"));
            sim.addAccountEntry(
                    ACCOUNT, Entries.audit("acct-" + offsetMinutes + "-" + i, t, "create", result, "b@example.com"));
            sim.addInsightEntry(
                    "zones", ZONE, Entries.insight("ins-" + offsetMinutes + "-" + i, t, "issue-1", "status"));
            if (result.equals("failure")) {
                failures.add("org-" + offsetMinutes + "-" + i);
                failures.add("acct-" + offsetMinutes + "-" + i);
            }
        }
        return failures;
    }

    @Test
    void onceWritesExactlyTheExpectedEntriesToEachSinkAndOnlyNewOnesNextTime() throws Exception {
        List<String> failures = add(30, 0);
        Path config = config("");
        Result first = run(Map.of(), "--config", config.toString(), "--once");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(AuditHarness.ids(dir.resolve("all"))).hasSize(90).doesNotHaveDuplicates();
        assertThat(AuditHarness.ids(dir.resolve("failures"))).containsExactlyInAnyOrderElementsOf(failures);
        assertThat(AuditHarness.ids(dir.resolve("org-only"))).hasSize(30).allMatch(id -> id.startsWith("org-"));

        // new activity since the first run
        List<String> newFailures = add(8, 60, Instant.now().minusSeconds(20), Duration.ofSeconds(1));
        Result second = run(Map.of(), "--config", config.toString(), "--once");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(AuditHarness.ids(dir.resolve("all"))).hasSize(90 + 24).doesNotHaveDuplicates();
        List<String> allFailures = new ArrayList<>(failures);
        allFailures.addAll(newFailures);
        assertThat(AuditHarness.ids(dir.resolve("failures"))).containsExactlyInAnyOrderElementsOf(allFailures);
        assertThat(AuditHarness.ids(dir.resolve("org-only"))).hasSize(38);

        Result third = run(Map.of(), "--config", config.toString(), "--once");
        assertThat(third.exit()).isZero();
        assertThat(AuditHarness.ids(dir.resolve("all"))).hasSize(114);
        assertThat(first.output() + second.output() + third.output()).doesNotContain(TOKEN);
    }

    @Test
    void onceCompletesOnItsFirstRunThroughAboutTwentyPercentOfMixedTransientFaults() throws Exception {
        List<String> expected = new ArrayList<>();
        Instant from = base.plusSeconds(60);
        for (int i = 0; i < 3000; i++) {
            Instant t = from.plusSeconds(2L * i);
            sim.addOrganizationEntry(ORG, Entries.audit("org-" + i, t));
            sim.addAccountEntry(ACCOUNT, Entries.audit("acct-" + i, t));
            sim.addInsightEntry("zones", ZONE, Entries.insight("ins-" + i, t, "issue-1", "status"));
            expected.addAll(List.of("org-" + i, "acct-" + i, "ins-" + i));
        }
        // 429, 500, 502 (HTML), 503, a reset half-way through the body, truncated JSON, success:false
        sim.injectTransientFaults(0.2, 7);
        Path config = config("""
                cfaudit.api.retry-delay=PT0.05S
                cfaudit.source.org.page-size=100
                cfaudit.source.acct.page-size=100
                cfaudit.source.insights.page-size=100
                """);

        Result r = run(Map.of(), "--config", config.toString(), "--once");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(AuditHarness.ids(dir.resolve("all")))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.output()).as("the scenario reset connections").contains("Connection reset");
        // 3 sources of 30 pages: every request beyond those was a retry
        assertThat(sim.requests().size()).as("requests").isGreaterThan(3 * 30 + 10);
        assertThat(sim.requests())
                .as("429s and 5xx")
                .anyMatch(q -> q.status() == 429)
                .anyMatch(q -> q.status() >= 500);
    }

    @Test
    void versionSaysWhatRunsAndEveryRequestCarriesIt() throws Exception {
        Result version = run(Map.of(), "--version");
        assertThat(version.exit()).as(version.output()).isZero();
        List<String> lines = version.output().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("camel-cloudflare-audit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(lines.get(1)).isEqualTo("Apache Camel 4.18.0");
        assertThat(lines.get(2)).startsWith("Java " + System.getProperty("java.version"));
        // this test starts it with the JVM's own defaults (no launcher): both JIT compilers, the collector the JVM
        // chose
        assertThat(lines.get(3)).matches("JVM max heap \\d+ MiB, GC .+, JIT C1 and C2");
        String ours = lines.get(0).substring("camel-cloudflare-audit ".length());

        add(2, 0);
        Result once = run(Map.of(), "--config", config("").toString(), "--once");
        assertThat(once.exit()).as(once.output()).isZero();
        assertThat(once.output()).containsOnlyOnce("camel-cloudflare-audit " + ours + " (Apache Camel 4.18.0, Java ");
        assertThat(sim.requests())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("user-agent")).isEqualTo("camel-cloudflare-audit/" + ours));
    }

    @Test
    void theRuntimeClassPathHoldsOnlyWhatRuns() throws Exception {
        String classPath;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        List<String> jars = List.of(classPath.trim().split("\\s+"));
        assertThat(jars)
                .contains("lib/camel-main-4.18.0.jar", "lib/camel-quartz-4.18.0.jar")
                .noneMatch(j -> j.startsWith("lib/camel-syslog-")
                        || j.startsWith("lib/camel-netty-")
                        || j.startsWith("lib/camel-test")
                        || j.startsWith("lib/junit")
                        || j.startsWith("lib/assertj"));
    }

    @Test
    void exitCodesTellWhatHappened() throws Exception {
        add(5, 0);
        Result bad = run(
                Map.of(),
                "--config",
                config("cfaudit.source.acct.page-size=5000\n").toString(),
                "--once");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.output()).contains("cfaudit.source.acct.page-size: 5000 is out of range; valid: 1 to 1000");

        Result missing =
                run(Map.of(), "--config", dir.resolve("nope.properties").toString(), "--once");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.output()).contains("nope.properties does not exist");

        Result badPredicate = run(
                Map.of(),
                "--config",
                config("cfaudit.sink.all.when=${body[action\n").toString(),
                "--once");
        assertThat(badPredicate.exit()).isEqualTo(2);
        assertThat(badPredicate.output()).contains("cfaudit.sink.all.when:");

        Result capped = run(
                Map.of(),
                "--config",
                config("cfaudit.source.acct.max-pages=1\ncfaudit.source.acct.page-size=2\n")
                        .toString(),
                "--once");
        assertThat(capped.exit()).as(capped.output()).isEqualTo(3);
        assertThat(capped.output()).contains("acct: INCOMPLETE");

        Result denied = run(
                Map.of(),
                "--config",
                config("").toString().replace("x", "x"),
                "--once",
                "--config",
                writeConfigWithToken("wrong-token").toString());
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.output()).contains("HTTP 403").doesNotContain("wrong-token");
    }

    @Test
    void theEnvironmentOverridesTheFileSoSecretsCanStayOutOfIt() throws Exception {
        add(3, 0);
        Path config = writeConfigWithToken("placeholder");
        Map<String, String> env = new HashMap<>();
        env.put("CFAUDIT_API_TOKEN", TOKEN);
        env.put("CFAUDIT_LOG_LEVEL", "DEBUG");
        Result r = run(env, "--config", config.toString(), "--once");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(AuditHarness.ids(dir.resolve("all"))).hasSize(9);
        assertThat(r.output()).doesNotContain(TOKEN);
    }

    @Test
    void jsonLogsAndBackfillProgressForALongRun() throws Exception {
        for (int i = 0; i < 3000; i++) {
            sim.addAccountEntry(ACCOUNT, Entries.audit("p" + i, base.plusSeconds(i)));
        }
        sim.setResponseDelay(Duration.ofMillis(150));
        Path config = config("cfaudit.source.acct.page-size=100\ncfaudit.progress.interval=PT1S\n");
        Result r = run(Map.of("CFAUDIT_LOG_FORMAT", "json"), "--config", config.toString(), "--once");
        assertThat(r.exit()).as(r.output()).isZero();
        List<com.fasterxml.jackson.databind.JsonNode> events = new ArrayList<>();
        for (String line : r.output().lines().filter(l -> l.startsWith("{")).toList()) {
            events.add(AuditHarness.parse(line));
        }
        assertThat(events)
                .isNotEmpty()
                .allSatisfy(e ->
                        assertThat(e.has("@timestamp") && e.has("log.level")).isTrue());
        List<String> progress = events.stream()
                .map(e -> e.path("message").asText())
                .filter(m -> m.startsWith("progress acct:"))
                .toList();
        assertThat(progress).as(r.output()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(progress.get(0))
                .containsPattern(
                        "progress acct: \\d+\\.\\d% of window \\(at .*\\), \\d+ entries, \\d+/s, about .* left");
        assertThat(events).anyMatch(e -> e.path("message").asText().startsWith("source acct: window"));
    }

    private Path writeConfigWithToken(String token) throws IOException {
        Path file = config("");
        String text = Files.readString(file).replace("cfaudit.api.token=" + TOKEN, "cfaudit.api.token=" + token);
        Path other = dir.resolve("other.properties");
        Files.writeString(other, text);
        return other;
    }
}
