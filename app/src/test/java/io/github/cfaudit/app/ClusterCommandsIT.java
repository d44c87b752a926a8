package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import io.github.cfaudit.testing.PackagedApp;
import io.github.cfaudit.testing.PackagedApp.Result;
import io.github.cfaudit.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's {@code --check} and {@code --import-checkpoints} with {@code cfaudit.state.store=jdbc}. */
class ClusterCommandsIT {

    @TempDir
    Path dir;

    private Result run(Path config, String... args) throws Exception {
        List<String> command = PackagedApp.javaJar("--config", config.toString());
        command.addAll(List.of(args));
        return PackagedApp.run(command, dir, Duration.ofSeconds(90));
    }

    private Path config(CloudflareApiSimulator sim, String url) throws Exception {
        Path config = dir.resolve("node.properties");
        Files.writeString(config, """
                cfaudit.api.base-url=%s
                cfaudit.api.token=tok
                cfaudit.state.store=jdbc
                cfaudit.state.jdbc.url=%s
                cfaudit.state.jdbc.username=postgres
                cfaudit.state.jdbc.password=pg-secret-never-shown
                cfaudit.cluster.enabled=true
                cfaudit.cluster.node-id=node-x
                cfaudit.source.acct.type=account
                cfaudit.source.acct.account-id=%s
                cfaudit.source.other.type=account
                cfaudit.source.other.account-id=0b2
                cfaudit.sink.all.type=file
                cfaudit.sink.all.directory=%s
                """.formatted(sim.baseUrl(), url, ACCOUNT, dir.resolve("out")));
        return config;
    }

    @Test
    void checkProbesTheDatabase() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("tok")) {
            Result r = run(config(sim, pg.url(pg.newDatabase())), "--check");
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output())
                    .containsPattern("state store +OK +jdbc:postgresql://127.0.0.1:\\d+/\\w+ reachable, "
                            + "schema version 1, clock skew \\d+ ms, node node-x")
                    .doesNotContain("pg-secret-never-shown");

            Result down = run(config(sim, "jdbc:postgresql://127.0.0.1:1/nothing"), "--check");
            assertThat(down.exit()).isNotZero();
            assertThat(down.output())
                    .contains("state store: cannot prepare the database at jdbc:postgresql://127.0.0.1:1/nothing")
                    .doesNotContain("pg-secret-never-shown");
        }
    }

    @Test
    void importCopiesCheckpointFilesAndKeepsNewerRowsUnlessTold() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = pg.newDatabase();
        Path files = dir.resolve("state");
        String endpoint = "/accounts/" + ACCOUNT + "/logs/audit";
        Instant older = Instant.parse("2026-11-20T10:00:00Z");
        Instant newer = Instant.parse("2026-11-21T10:00:00Z");
        new FileCheckpointStore(files)
                .save("acct", new Checkpoint(endpoint, newer, Map.of("id-1", newer.minusSeconds(1))));
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("tok")) {
            Path config = config(sim, pg.url(database));
            Result first = run(config, "--import-checkpoints", files.toString());
            assertThat(first.exit()).as(first.output()).isZero();
            assertThat(first.output())
                    .contains("acct: imported (watermark 2026-11-21T10:00:00Z)")
                    .contains("other: no checkpoint file")
                    .contains("1 checkpoint(s) imported");
            assertThat(watermark(pg, database)).isEqualTo("2026-11-21T10:00:00Z");

            new FileCheckpointStore(files).save("acct", new Checkpoint(endpoint, older, Map.of()));
            Result kept = run(config, "--import-checkpoints", files.toString());
            assertThat(kept.output())
                    .contains(
                            "acct: kept: the database's checkpoint (watermark 2026-11-21T10:00:00Z) " + "is not older");
            assertThat(watermark(pg, database)).isEqualTo("2026-11-21T10:00:00Z");

            Result forced = run(config, "--import-checkpoints", files.toString(), "--overwrite");
            assertThat(forced.output())
                    .contains("acct: imported (watermark 2026-11-20T10:00:00Z, was 2026-11-21T10:00:00Z)");
            assertThat(watermark(pg, database)).isEqualTo("2026-11-20T10:00:00Z");
        }
    }

    private static String watermark(PostgresServer pg, String database) throws Exception {
        try (Connection c = pg.connect(database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT watermark FROM cfaudit_checkpoint WHERE source = 'acct'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
