package io.github.cfaudit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void roundTripsAndReplacesWithoutLeavingTemporaryFiles() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        assertThat(store.load("acme")).isEmpty();
        Checkpoint c = new Checkpoint("/accounts/x/logs/audit", T, Map.of("a", T.minusSeconds(5)));
        store.save("acme", c);
        store.save("acme", c.advance(T.plusSeconds(60), Map.of("b", T.plusSeconds(30)), Duration.ofMinutes(10)));
        Checkpoint loaded = store.load("acme").orElseThrow();
        assertThat(loaded.watermark()).isEqualTo(T.plusSeconds(60));
        assertThat(loaded.recentIds()).containsOnlyKeys("a", "b");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("acme.checkpoint.json");
        }
    }

    @Test
    void keepsRecentIdsInDeliveryOrderAndAnyIdTextRoundTrips() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        Map<String, Instant> ids = new java.util.LinkedHashMap<>();
        ids.put("z-first", T.plusSeconds(1));
        ids.put("a \"quoted\"\n\\ id ]", T.plusNanos(123_456_789));
        ids.put("m-last", T);
        store.save(
                "acme",
                new Checkpoint("/p", T.plusSeconds(2), Map.of())
                        .advance(T.plusSeconds(2), ids, Duration.ofMinutes(10)));
        assertThat(store.load("acme").orElseThrow().recentIds()).containsExactlyEntriesOf(ids);
    }

    @Test
    void aStagedCheckpointIsInvisibleUntilPublishedAndLeavesNothingWhenDiscarded() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        Checkpoint first = new Checkpoint("/p", T, Map.of("a", T));
        store.save("acme", first);

        CheckpointStore.Staged dropped =
                store.stage("acme", new Checkpoint("/p", T.plusSeconds(60), Map.of("b", T.plusSeconds(30))));
        assertThat(store.load("acme")).contains(first);
        dropped.discard();
        assertThat(store.load("acme")).contains(first);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("acme.checkpoint.json");
        }

        Checkpoint second = new Checkpoint("/p", T.plusSeconds(120), Map.of("c", T.plusSeconds(90)));
        CheckpointStore.Staged staged = store.stage("acme", second);
        assertThat(store.load("acme")).contains(first);
        staged.publish();
        assertThat(store.load("acme")).contains(second);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("acme.checkpoint.json");
        }
    }

    @Test
    void aStagedWriteThatFailsFailsThePublish() throws Exception {
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        CheckpointStore.Staged staged =
                new FileCheckpointStore(notADirectory).stage("acme", new Checkpoint("/p", T, Map.of()));
        assertThatThrownBy(staged::publish)
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("Cannot write checkpoint");
    }

    @Test
    void advanceKeepsOnlyIdsInsideTheLookbackAndNeverMovesBack() {
        Checkpoint c =
                new Checkpoint("/p", T, Map.of("old", T.minus(Duration.ofMinutes(30)), "recent", T.minusSeconds(60)));
        Checkpoint next = c.advance(
                T.plus(Duration.ofMinutes(5)), Map.of("new", T.plus(Duration.ofMinutes(4))), Duration.ofMinutes(10));
        assertThat(next.recentIds()).containsOnlyKeys("recent", "new");
        assertThat(c.advance(T.minusSeconds(100), Map.of(), Duration.ofMinutes(10))
                        .watermark())
                .isEqualTo(T);
    }

    @Test
    void corruptOrTruncatedFileIsReportedWithRecoveryAdvice() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        store.save("acme", new Checkpoint("/p", T, Map.of("a", T)));
        byte[] full = Files.readAllBytes(store.fileOf("acme"));
        Files.write(store.fileOf("acme"), java.util.Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> store.load("acme"))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("acme.checkpoint.json")
                .hasMessageContaining("is corrupt")
                .hasMessageContaining("move it away");
        Files.writeString(store.fileOf("acme"), "{\"version\":1,\"endpoint\":\"/p\",\"watermark\":\"yesterday\"}");
        assertThatThrownBy(() -> store.load("acme")).isInstanceOf(CorruptCheckpointException.class);
    }
}
