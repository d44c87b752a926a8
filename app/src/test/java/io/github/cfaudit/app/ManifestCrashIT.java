package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ORG;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.sink.manifest.ManifestKeyFiles;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.PackagedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application with a file sink writing manifests, killed with SIGKILL during a backfill, after data was
 * appended and before the manifest that covers it (written when the sink stops): the next run covers what was left,
 * marked recovered, and {@code --verify} finds the archive intact.
 */
class ManifestCrashIT {
    @TempDir
    Path dir;

    @Test
    void dataLeftByAKilledProcessIsCoveredByTheNextRunAndTheArchiveVerifies() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("crash-token")) {
            Instant to = Instant.now().minus(Duration.ofMinutes(10));
            List<String> truth =
                    new SyntheticAuditData(5).populateOrganization(sim, ORG, 20_000, to.minus(Duration.ofDays(3)), to);
            sim.setResponseDelay(Duration.ofMillis(15));
            ManifestKeyFiles key = ManifestKeyFiles.generate(dir, "manifest-key");
            Path out = dir.resolve("out");
            Path config = dir.resolve("crash.properties");
            Files.writeString(config, """
                    cfaudit.api.base-url=%s
                    cfaudit.api.token=crash-token
                    cfaudit.state.directory=%s
                    cfaudit.source.org.type=organization
                    cfaudit.source.org.organization-id=%s
                    cfaudit.source.org.start=P4D
                    cfaudit.source.org.page-size=250
                    cfaudit.sink.all.type=file
                    cfaudit.sink.all.directory=%s
                    cfaudit.sink.all.manifest.signing-key-file=%s
                    """.formatted(sim.baseUrl(), dir.resolve("state"), ORG, out, key.privateKey()));

            Process p = new ProcessBuilder(PackagedApp.javaJar("--config", config.toString(), "--once"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("run1.log").toFile())
                    .start();
            // killed once data beyond the chain's first manifest (written at the first page) is on disk
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !p.isAlive() || dataBytes(out) > 2_000_000);
            assertThat(p.isAlive()).as("still in the backfill when killed").isTrue();
            p.destroyForcibly().waitFor();
            assertThat(manifests(out)).hasSize(1);

            PackagedApp.Result second = PackagedApp.run(
                    PackagedApp.javaJar("--config", config.toString(), "--once"), dir, Duration.ofSeconds(120));
            assertThat(second.exit()).as(second.output()).isZero();
            assertThat(AuditHarness.ids(out)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(truth);
            assertThat(Files.readString(manifests(out).get(1))).contains("\"recovered\":true");

            PackagedApp.Result verify = PackagedApp.run(
                    PackagedApp.javaJar(
                            "--verify",
                            "all",
                            "--config",
                            config.toString(),
                            "--public-key",
                            key.publicKey().toString()),
                    dir,
                    Duration.ofSeconds(60));
            assertThat(verify.exit()).as(verify.output()).isZero();
            assertThat(verify.output()).contains("Intact: 2 manifest(s)");
        }
    }

    private static long dataBytes(Path out) throws Exception {
        if (!Files.isDirectory(out.resolve("org"))) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(out.resolve("org"))) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    private static List<Path> manifests(Path out) throws Exception {
        Path dir = out.resolve("_manifests/org");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }
}
