package io.github.cfaudit.sink.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.sink.file.FileManifestArchive;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest writer on a real directory, without Camel: cadence, recovery after a crash, a manifest edited. */
class ManifestWriterTest {
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private ManifestSettings settings(ManifestKeyFiles key) throws Exception {
        return new ManifestSettings(Optional.of(key.signingKey()), Duration.ofHours(1));
    }

    @Test
    void intervalZeroWritesTheManifestOfEveryPageBeforeThePageIsConfirmed() throws Exception {
        ManifestKeyFiles key = ManifestKeyFiles.generate(dir, "k");
        Path out = dir.resolve("out");
        Path file = out.resolve("acct/2026/12/2026-12-07.ndjson");
        FileManifestArchive archive = new FileManifestArchive(out);
        ManifestWriter writer = new ManifestWriter(
                "arch",
                new ManifestSettings(Optional.of(key.signingKey()), Duration.ZERO),
                archive,
                Clock.fixed(T, ZoneOffset.UTC));
        writer.prepare("acct");
        append(writer, file, "a", "b");
        // afterPage returned (the sink's flush, before the checkpoint): the page is covered already
        assertThat(archive.manifestNames("acct")).containsExactly("000000000001.json");
        assertThat(new ManifestVerifier(archive, key.keys(), l -> {}).verify().problems())
                .isEmpty();
        append(writer, file, "c");
        assertThat(archive.manifestNames("acct")).containsExactly("000000000001.json", "000000000002.json");
        assertThat(new ManifestVerifier(archive, key.keys(), l -> {}).verify().problems())
                .isEmpty();
        writer.close(); // nothing left: no third
        assertThat(archive.manifestNames("acct")).hasSize(2);
    }

    /** Appends lines to the data file as the file sink does, and tells the writer (null: a process that died). */
    private void append(ManifestWriter writer, Path file, String... ids) throws Exception {
        Files.createDirectories(file.getParent());
        long from = Files.exists(file) ? Files.size(file) : 0;
        StringBuilder text = new StringBuilder();
        List<AuditEntry> entries = new java.util.ArrayList<>();
        for (String id : ids) {
            String line = "{\"id\":\"" + id + "\",\"when\":\"" + T + "\"}";
            text.append(line).append('\n');
            entries.add(new AuditEntry(id, T, line.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (writer != null) {
            writer.appended(
                    "acct",
                    "acct/2026/12/2026-12-07.ndjson",
                    from,
                    from + bytes.length,
                    ByteBuffer.wrap(bytes),
                    entries);
            writer.afterPage("acct");
        }
    }

    @Test
    void oneManifestPerIntervalThenOneAtCloseAndDataLeftByACrashIsRecovered() throws Exception {
        ManifestKeyFiles key = ManifestKeyFiles.generate(dir, "k");
        Path out = dir.resolve("out");
        Path file = out.resolve("acct/2026/12/2026-12-07.ndjson");
        FileManifestArchive archive = new FileManifestArchive(out);
        ManifestWriter writer = new ManifestWriter("arch", settings(key), archive, Clock.fixed(T, ZoneOffset.UTC));
        writer.prepare("acct");
        append(writer, file, "a", "b"); // a new chain: manifest 1 at once
        append(writer, file, "c"); // within the interval: waits
        append(writer, file, "d");
        assertThat(archive.manifestNames("acct")).containsExactly("000000000001.json");
        writer.close(); // the rest
        assertThat(archive.manifestNames("acct")).containsExactly("000000000001.json", "000000000002.json");
        Manifest second = ManifestFormat.parse(archive.readManifest("acct", "000000000002.json"))
                .manifest();
        assertThat(second.items()).singleElement().satisfies(i -> {
            assertThat(i.entries()).isEqualTo(2);
            assertThat(i.firstId()).isEqualTo("c");
            assertThat(i.lastId()).isEqualTo("d");
            assertThat(i.recovered()).isFalse();
        });

        // a process that appended and died before its manifest
        append(null, file, "e", "f");
        ManifestVerifier.Report before = new ManifestVerifier(archive, key.keys(), l -> {}).verify();
        assertThat(before.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.what()).contains("covered by no manifest"));
        ManifestWriter next = new ManifestWriter(
                "arch", settings(key), archive, Clock.fixed(T.plus(Duration.ofMinutes(5)), ZoneOffset.UTC));
        next.prepare("acct");
        append(next, file, "g");
        next.close();
        Manifest third = ManifestFormat.parse(archive.readManifest("acct", "000000000003.json"))
                .manifest();
        assertThat(third.items()).hasSize(2);
        assertThat(third.items().get(0).recovered()).isTrue();
        assertThat(third.items().get(0).entries()).isEqualTo(2);
        assertThat(third.items().get(1).firstId()).isEqualTo("g");
        assertThat(new ManifestVerifier(archive, key.keys(), l -> {}).verify().problems())
                .isEmpty();

        // a manifest edited after it was signed (one digit of an entry count)
        Path manifest = out.resolve("_manifests/acct/000000000002.json");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replace("\"entries\":2,", "\"entries\":3,"));
        assertThat(new ManifestVerifier(archive, key.keys(), l -> {}).verify().problems())
                .anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo("_manifests/acct/000000000002.json");
                    assertThat(p.what()).contains("signature does not match");
                });
    }
}
