package io.github.cfaudit.sink.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import io.github.cfaudit.formats.RecordChecks;
import io.github.cfaudit.formats.RecordFormats;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.RecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The file sink in every codec: one valid record a line, and a replay after a restart writes nothing twice. */
class FileSinkCodecTest {
    @TempDir
    Path dir;

    static Stream<Arguments> codecs() {
        List<Arguments> out = new ArrayList<>();
        for (String codec : RecordFormats.NAMES) {
            for (SourceType type : List.of(SourceType.ACCOUNT, SourceType.INSIGHT)) {
                out.add(Arguments.of(codec, type));
            }
        }
        return out.stream();
    }

    private static SourceConfig source(SourceType type) {
        return new SourceConfig(
                "acme",
                type == SourceType.INSIGHT ? AuditEndpoint.insight("accounts", "x", null) : AuditEndpoint.account("x"),
                "0 * * * * ?",
                new StartPosition.Ago(Duration.ofDays(1)),
                1000,
                Duration.ZERO,
                Duration.ZERO,
                10,
                Map.of());
    }

    private static List<AuditEntry> entries(SourceType type) {
        List<AuditEntry> entries = new ArrayList<>(RecordChecks.realistic(type, 20));
        // the page parser puts every entry on one line (a pretty-printed hostile entry is built here without it)
        RecordChecks.hostile(type).stream()
                .filter(e -> e.json().indexOf('\n') < 0)
                .forEach(entries::add);
        return entries;
    }

    private static void write(FileSink sink, SourceConfig source, List<AuditEntry> entries) throws Exception {
        PageBatch batch = sink.newBatch(source);
        entries.forEach(batch::add);
        batch.flush();
    }

    private List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertThat(text).endsWith("\n");
                lines.addAll(List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1));
            }
        }
        return lines;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecs")
    void everyLineIsARecordOfTheCodecWithTheEntryId(String codec, SourceType type) throws Exception {
        SourceConfig source = source(type);
        List<AuditEntry> entries = entries(type);
        write(
                new FileSink("all", new FileSinkSettings(dir), new RecordCodec(RecordFormats.of(codec))),
                source,
                entries);

        List<String> lines = lines();
        assertThat(lines).hasSize(entries.size());
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            assertThat(RecordChecks.problems(codec, line)).as(line).isEmpty();
            ids.add(RecordChecks.id(codec, line));
        }
        RecordCodec c = new RecordCodec(RecordFormats.of(codec));
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(
                        entries.stream().map(c::recordId).toList());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecs")
    void aReplayAfterARestartWritesNothingTwice(String codec, SourceType type) throws Exception {
        SourceConfig source = source(type);
        List<AuditEntry> entries = entries(type);
        int half = entries.size() / 2;
        write(
                new FileSink("all", new FileSinkSettings(dir), new RecordCodec(RecordFormats.of(codec))),
                source,
                entries.subList(0, half + 3));
        List<String> before = lines();

        // a new process: the ids are read back from the files' last lines, whatever the codec wrote
        FileSink restarted = new FileSink("all", new FileSinkSettings(dir), new RecordCodec(RecordFormats.of(codec)));
        write(restarted, source, entries.subList(0, 2));
        assertThat(lines()).isEqualTo(before);
        write(restarted, source, entries.subList(half, entries.size()));

        List<String> lines = lines();
        assertThat(lines).hasSize(entries.size());
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            ids.add(RecordChecks.id(codec, line));
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @org.junit.jupiter.api.Test
    void entriesOfAnUnexpectedShapeAreWrittenAndCountedInOneWarnPerRun() throws Exception {
        SourceConfig source = source(SourceType.ACCOUNT);
        List<AuditEntry> hostile = RecordChecks.hostile(SourceType.ACCOUNT).stream()
                .filter(e -> e.json().indexOf('\n') < 0)
                .toList();
        long deviating = hostile.stream()
                .filter(e -> !io.github.cfaudit.formats.EntryShape.deviations(e, SourceType.ACCOUNT)
                        .isEmpty())
                .count();
        assertThat(deviating).isPositive();
        FileSink sink = new FileSink("all", new FileSinkSettings(dir), new RecordCodec(RecordFormats.of("ocsf")));
        try (var log = io.github.cfaudit.testing.LogCapture.of(RecordCodec.class)) {
            int half = hostile.size() / 2;
            write(sink, source, hostile.subList(0, half));
            write(sink, source, hostile.subList(half, hostile.size()));
            assertThat(log.messages()).isEmpty();
            sink.endRun(source);
            assertThat(log.messages())
                    .singleElement()
                    .asString()
                    .contains("sink all (codec ocsf): " + deviating + " entries of source acme in this run departed");
            sink.endRun(source);
            assertThat(log.messages()).hasSize(1);
        }
        assertThat(lines()).hasSize(hostile.size());
    }
}
