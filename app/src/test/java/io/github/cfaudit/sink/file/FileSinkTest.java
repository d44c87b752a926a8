package io.github.cfaudit.sink.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import io.github.cfaudit.sink.PageBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path dir;

    private static final SourceConfig SOURCE = new SourceConfig(
            "acme",
            AuditEndpoint.account("x"),
            "0 * * * * ?",
            new StartPosition.Ago(Duration.ofDays(1)),
            1000,
            Duration.ZERO,
            Duration.ZERO,
            10,
            Map.of());

    private static AuditEntry entry(String id, String time) {
        return new AuditEntry(id, Instant.parse(time), "{\"id\":\"" + id + "\"}", Map.of());
    }

    private FileSink sink() {
        return new FileSink("all", new FileSinkSettings(dir));
    }

    private void write(FileSink sink, AuditEntry... entries) throws Exception {
        PageBatch batch = sink.newBatch(SOURCE);
        for (AuditEntry e : entries) {
            batch.add(e);
        }
        batch.flush();
    }

    @Test
    void partitionsBySourceAndUtcEventDate() throws Exception {
        write(sink(), entry("a", "2026-11-20T23:59:59Z"), entry("b", "2026-11-21T00:00:00Z"));
        assertThat(Files.readString(dir.resolve("acme/2026/11/2026-11-20.ndjson")))
                .isEqualTo("{\"id\":\"a\"}\n");
        assertThat(Files.readString(dir.resolve("acme/2026/11/2026-11-21.ndjson")))
                .isEqualTo("{\"id\":\"b\"}\n");
    }

    @Test
    void aPageLargerThanOneWriteArrivesWholeAndInOrder() throws Exception {
        // ~1 MB in 1,000 entries of varied size, one of 200 KB: the page is written in several slices
        AuditEntry[] page = new AuditEntry[1000];
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < page.length; i++) {
            String id = "e" + i;
            String json = "{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(i == 500 ? 200_000 : 700 + i % 300) + "\"}";
            page[i] = new AuditEntry(id, Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i), json, Map.of());
            expected.append(json).append('\n');
        }
        assertThat(expected.length()).isGreaterThan(10 * FileSink.WRITE_SLICE);

        write(sink(), page);

        assertThat(Files.readString(dir.resolve("acme/2026/11/2026-11-20.ndjson")))
                .isEqualTo(expected.toString());
    }

    @Test
    void hostileIdsNeverReachThePath() throws Exception {
        write(sink(), entry("../../../etc/passwd", "2026-11-20T10:00:00Z"), entry("%2e%2e/x", "2026-11-20T10:00:01Z"));
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(dir::relativize).map(Path::toString))
                    .containsExactly("acme/2026/11/2026-11-20.ndjson");
        }
    }

    @Test
    void aTornLastLineIsCutBeforeTheNextAppend() throws Exception {
        Path file = dir.resolve("acme/2026/11/2026-11-20.ndjson");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"id\":\"a\"}\n{\"id\":\"b\",\"act", StandardCharsets.UTF_8);
        write(sink(), entry("b", "2026-11-20T10:00:00Z"));
        assertThat(Files.readString(file)).isEqualTo("{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
    }

    @Test
    void aReplayedPageIsNotWrittenTwice() throws Exception {
        FileSink sink = sink();
        write(sink, entry("a", "2026-11-20T10:00:00Z"), entry("b", "2026-11-20T10:00:01Z"));
        // the same page again, then a replay that starts inside what was written and goes further
        write(sink, entry("a", "2026-11-20T10:00:00Z"), entry("b", "2026-11-20T10:00:01Z"));
        write(sink, entry("b", "2026-11-20T10:00:01Z"), entry("c", "2026-11-20T10:00:02Z"));
        write(sink, entry("d", "2026-11-20T10:00:03Z"));
        assertThat(Files.readString(dir.resolve("acme/2026/11/2026-11-20.ndjson")))
                .isEqualTo("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n{\"id\":\"d\"}\n");
    }

    @Test
    void aReplayCutIntoDifferentPagesAfterARestartWritesNothingTwice() throws Exception {
        write(
                sink(),
                entry("a", "2026-11-20T10:00:00Z"),
                entry("b", "2026-11-20T10:00:01Z"),
                entry("c", "2026-11-20T10:00:02Z"));
        // the process died before the checkpoint moved; the new one replays a, then b, c, d in another page
        FileSink restarted = sink();
        write(restarted, entry("a", "2026-11-20T10:00:00Z"));
        write(
                restarted,
                entry("b", "2026-11-20T10:00:01Z"),
                entry("c", "2026-11-20T10:00:02Z"),
                entry("d", "2026-11-20T10:00:03Z"));
        assertThat(Files.readString(dir.resolve("acme/2026/11/2026-11-20.ndjson")))
                .isEqualTo("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n{\"id\":\"d\"}\n");
    }

    @Test
    void aPageAnotherNodeWroteMeanwhileIsNotWrittenAgain() throws Exception {
        // two cluster nodes on one shared directory: A wrote first, B took the source over and wrote c, d, then died
        // before its commit; A gets the source back and replays c, d
        FileSink nodeA = sink();
        FileSink nodeB = sink();
        write(nodeA, entry("a", "2026-11-20T10:00:00Z"), entry("b", "2026-11-20T10:00:01Z"));
        write(nodeB, entry("c", "2026-11-20T10:00:02Z"), entry("d", "2026-11-20T10:00:03Z"));
        write(
                nodeA,
                entry("c", "2026-11-20T10:00:02Z"),
                entry("d", "2026-11-20T10:00:03Z"),
                entry("e", "2026-11-20T10:00:04Z"));
        assertThat(Files.readString(dir.resolve("acme/2026/11/2026-11-20.ndjson")))
                .isEqualTo("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n{\"id\":\"d\"}\n{\"id\":\"e\"}\n");
    }

    @Test
    void aFailedFsyncLeavesTheFileAsLongAsBeforeAndTheRetryWritesThePageOnce() throws Exception {
        // an fsync the disk refuses (EIO): the page's bytes are in the file, but were not made durable
        AtomicBoolean failNextSync = new AtomicBoolean();
        FileSink sink = new FileSink("all", new FileSinkSettings(dir), ch -> {
            if (failNextSync.getAndSet(false)) {
                throw new IOException("Input/output error");
            }
            ch.force(false);
        });
        Path file = dir.resolve("acme/2026/11/2026-11-20.ndjson");
        write(sink, entry("a", "2026-11-20T10:00:00Z"));
        long before = Files.size(file);

        PageBatch page = sink.newBatch(SOURCE);
        page.add(entry("b", "2026-11-20T10:00:01Z"));
        page.add(entry("c", "2026-11-20T10:00:02Z"));
        failNextSync.set(true);
        assertThatThrownBy(page::flush).hasMessageContaining("Input/output error");
        assertThat(Files.size(file)).isEqualTo(before);

        page.flush();
        assertThat(Files.readString(file)).isEqualTo("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
    }

    @Test
    void aFailedPageForgetsTheIdsOfTheFilesItRolledBackSoNoEntryIsLost() throws Exception {
        // a page across two day files: the Nov 20 part is written, the Nov 21 file cannot be (a directory stands
        // there); the Nov 20 part is rolled back, and a replay in other pages must write it again, once
        FileSink sink = sink();
        Path day20 = dir.resolve("acme/2026/11/2026-11-20.ndjson");
        Path blocked = dir.resolve("acme/2026/11/2026-11-21.ndjson");
        write(sink, entry("a", "2026-11-20T10:00:00Z"));
        Files.createDirectories(blocked);
        PageBatch page = sink.newBatch(SOURCE);
        page.add(entry("b", "2026-11-20T23:59:59Z"));
        page.add(entry("c", "2026-11-21T00:00:00Z"));
        assertThatThrownBy(page::flush).hasMessageContaining("2026-11-21.ndjson");
        assertThat(Files.readString(day20)).isEqualTo("{\"id\":\"a\"}\n");

        Files.delete(blocked);
        write(sink, entry("a", "2026-11-20T10:00:00Z"), entry("b", "2026-11-20T23:59:59Z"));
        write(sink, entry("c", "2026-11-21T00:00:00Z"));
        assertThat(Files.readString(day20)).isEqualTo("{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
        assertThat(Files.readString(blocked)).isEqualTo("{\"id\":\"c\"}\n");
    }
}
