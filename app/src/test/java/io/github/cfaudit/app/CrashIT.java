package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.state.FileCheckpointStore;
import io.github.cfaudit.testing.AuditHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application on a backfill (a cursor-paged source, and a page-numbered v1 one), killed with SIGKILL at
 * random moments and restarted: against the simulator's ground truth, nothing is lost, the file sink holds no
 * duplicate, and every checkpoint left behind is readable.
 */
class CrashIT {
    private static final Path JAR =
            Path.of("app/target/camel-cloudflare-audit.jar").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void killedAtRandomPointsAndRestartedItDeliversEverythingOnce() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("crash-token")) {
            Instant to = Instant.now().minus(Duration.ofMinutes(10));
            List<String> truth =
                    new SyntheticAuditData(3).populateOrganization(sim, ORG, 30_000, to.minus(Duration.ofDays(3)), to);
            killAndRestart(sim, truth, "type=organization\ncfaudit.source.org.organization-id=" + ORG);
        }
    }

    /** The same with audit logs v1: page numbers instead of a cursor, a page past the end answered 400. */
    @Test
    void killedAtRandomPointsAndRestartedAV1SourceDeliversEverythingOnce() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("crash-token")) {
            Instant to = Instant.now().minus(Duration.ofMinutes(10));
            List<String> truth =
                    new SyntheticAuditData(3).populateAccountV1(sim, ACCOUNT, 30_000, to.minus(Duration.ofDays(3)), to);
            sim.setV1Totals(false);
            killAndRestart(sim, truth, "type=account-v1\ncfaudit.source.org.account-id=" + ACCOUNT);
        }
    }

    /**
     * A parallel backfill (4 cursor chains over 12-hour slices of 8 days), killed at random moments: the file sink
     * holds every id exactly once, and an endpoint sink without dedup (appending each entry to a file) every id, with
     * at most the page in flight at each kill again.
     */
    @Test
    void killedAtRandomPointsDuringAParallelBackfillItDeliversEverythingOnceToTheFileSink() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("crash-token")) {
            Instant to = Instant.now().minus(Duration.ofMinutes(10));
            List<String> truth =
                    new SyntheticAuditData(5).populateOrganization(sim, ORG, 40_000, to.minus(Duration.ofDays(8)), to);
            Path stream = dir.resolve("stream");
            int kills = killAndRestart(
                    sim,
                    truth,
                    "type=organization\ncfaudit.source.org.organization-id=" + ORG
                            + "\ncfaudit.source.org.start=P9D"
                            + "\ncfaudit.source.org.backfill-parallelism=4"
                            + "\ncfaudit.source.org.backfill-slice=PT12H"
                            + "\ncfaudit.sink.stream.type=endpoint"
                            + "\ncfaudit.sink.stream.uri=file:" + stream
                            + "?fileName=stream.ndjson&fileExist=Append&appendChars=%0A");
            List<String> streamed = streamedIds(stream.resolve("stream.ndjson"), java.util.Set.copyOf(truth));
            assertThat(streamed).containsAll(truth);
            long repeated = streamed.size() - truth.size();
            assertThat(repeated).as("entries delivered again").isLessThanOrEqualTo(250L * kills);
        }
    }

    /**
     * {@code type}: the source's type line and its id line, below {@code cfaudit.source.org.} (and any other lines:
     * a later key wins); returns how often the process was killed.
     */
    private int killAndRestart(CloudflareApiSimulator sim, List<String> truth, String type) throws Exception {
        sim.setResponseDelay(Duration.ofMillis(15));
        Path config = dir.resolve("crash.properties");
        Files.writeString(config, """
                    cfaudit.api.base-url=%s
                    cfaudit.api.token=crash-token
                    cfaudit.state.directory=%s
                    cfaudit.source.org.start=P4D
                    cfaudit.source.org.page-size=250
                    cfaudit.sink.all.type=file
                    cfaudit.sink.all.directory=%s
                    cfaudit.source.org.%s
                    """.formatted(sim.baseUrl(), dir.resolve("state"), dir.resolve("out"), type));
        Random random = new Random(42);
        int kills = 0;
        for (int attempt = 0; attempt < 6; attempt++) {
            Process p = start(config);
            // JVM start and Camel boot take about a second; kill somewhere in the backfill after that
            boolean exited = p.waitFor(900 + random.nextInt(1500), TimeUnit.MILLISECONDS);
            if (exited) {
                assertThat(p.exitValue())
                        .as(Files.readString(dir.resolve("run.log")))
                        .isZero();
                break;
            }
            p.destroyForcibly().waitFor();
            kills++;
            // whatever moment the kill hit, the checkpoint left behind is old or new, never corrupt
            new FileCheckpointStore(dir.resolve("state")).load("org");
        }
        Process last = start(config);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue())
                .as(Files.readString(dir.resolve("run.log")))
                .isZero();

        assertThat(kills).as("the process was killed mid-backfill").isGreaterThanOrEqualTo(3);
        assertThat(AuditHarness.ids(dir.resolve("out")))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(truth);
        return kills;
    }

    /**
     * The ids of the entries in {@code file} that are among {@code truth}, as often as they occur. A kill may leave an
     * entry cut short, and the next one appended to it on the same line: so ids are read where an object starts with
     * one ({@code {"id":"...}), not line by line; ids of nested objects are not among the truth.
     */
    private static List<String> streamedIds(Path file, java.util.Set<String> truth) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        String content = Files.readString(file);
        String marker = "{\"id\":\"";
        for (int at = content.indexOf(marker); at >= 0; at = content.indexOf(marker, at + 1)) {
            int from = at + marker.length();
            int end = content.indexOf('"', from);
            if (end > from && truth.contains(content.substring(from, end))) {
                ids.add(content.substring(from, end));
            }
        }
        return ids;
    }

    private Process start(Path config) throws Exception {
        return new ProcessBuilder("java", "-jar", JAR.toString(), "--config", config.toString(), "--once")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile())
                .start();
    }
}
