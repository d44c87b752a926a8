package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.PackagedApp;
import io.github.cfaudit.testing.PackagedApp.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/camel-cloudflare-audit}: the JVM options it starts the jar with, how to change them, and the arguments. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin/camel-cloudflare-audit").toAbsolutePath();
    private static final Pattern JVM = Pattern.compile("JVM max heap (\\d+) MiB, GC (.+), JIT (.+)");

    @TempDir
    Path dir;

    @Test
    void startsTheJarWithASmallHeapTheSerialCollectorAndC1() throws Exception {
        Matcher jvm = jvmLine(launch(Map.of(), "--version"));

        assertThat(Integer.parseInt(jvm.group(1))).isBetween(100, 128);
        assertThat(jvm.group(2)).isEqualTo("Copy + MarkSweepCompact");
        assertThat(jvm.group(3)).isEqualTo("C1 only");
    }

    @Test
    void javaOptsAreAddedAndTheDefaultsCanBeReplaced() throws Exception {
        Matcher bigger = jvmLine(launch(Map.of("JAVA_OPTS", "-Xmx256m"), "--version"));
        assertThat(Integer.parseInt(bigger.group(1))).isBetween(200, 256);
        assertThat(bigger.group(2)).isEqualTo("Copy + MarkSweepCompact");

        Matcher g1 = jvmLine(launch(Map.of("CFAUDIT_JVM_OPTS", "-Xmx96m -XX:+UseG1GC"), "--version"));
        assertThat(Integer.parseInt(g1.group(1))).isEqualTo(96);
        assertThat(g1.group(2)).isEqualTo("G1 Young Generation + G1 Old Generation");
        assertThat(g1.group(3)).isEqualTo("C1 and C2");
    }

    @Test
    void passesEveryArgumentAsItIsAndRunsTheConfiguration() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("launcher-token")) {
            Instant t = Instant.now().minus(Duration.ofHours(1));
            for (int i = 0; i < 3; i++) {
                sim.addAccountEntry(
                        ACCOUNT, Entries.audit("l-" + i, t.plusSeconds(i), "update", "success", "a@example.com"));
            }
            Path folder = Files.createDirectories(dir.resolve("a folder with spaces"));
            Path config = folder.resolve("app.properties");
            Files.writeString(
                    config,
                    """
                    cfaudit.api.base-url=%s
                    cfaudit.state.directory=%s
                    cfaudit.source.acct.type=account
                    cfaudit.source.acct.account-id=%s
                    cfaudit.source.acct.settle=PT0S
                    cfaudit.sink.all.type=file
                    cfaudit.sink.all.directory=%s
                    """.formatted(sim.baseUrl(), folder.resolve("state"), ACCOUNT, folder.resolve("out")),
                    StandardCharsets.UTF_8);

            Result r =
                    launch(Map.of("CLOUDFLARE_API_TOKEN", "launcher-token"), "--config", config.toString(), "--once");

            assertThat(r.exit()).as(r.output()).isZero();
            try (var files = Files.walk(folder.resolve("out"))) {
                String written = files.filter(f -> f.toString().endsWith(".ndjson"))
                        .map(f -> {
                            try {
                                return Files.readString(f);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                        .reduce("", String::concat);
                assertThat(written.lines()).hasSize(3);
                assertThat(written).contains("\"id\":\"l-0\"", "\"id\":\"l-2\"");
            }
        }
    }

    @Test
    void aMissingJarIsNamedWithHowToBuildIt() throws Exception {
        Result r = launch(Map.of("CFAUDIT_JAR", dir.resolve("nope.jar").toString()), "--version");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output())
                .contains(dir.resolve("nope.jar") + " not found", "mvn -q -B package -DskipTests", "CFAUDIT_JAR");
    }

    private static Matcher jvmLine(Result r) {
        assertThat(r.exit()).as(r.output()).isZero();
        String line =
                r.output().lines().filter(l -> l.startsWith("JVM ")).findFirst().orElse("");
        Matcher m = JVM.matcher(line);
        assertThat(m.matches()).as(r.output()).isTrue();
        return m;
    }

    private Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return PackagedApp.run(
                command,
                dir,
                e -> {
                    e.remove("JAVA_OPTS");
                    e.remove("CFAUDIT_JVM_OPTS");
                    e.remove("CFAUDIT_JAR");
                    e.putAll(env);
                },
                Duration.ofSeconds(90));
    }
}
