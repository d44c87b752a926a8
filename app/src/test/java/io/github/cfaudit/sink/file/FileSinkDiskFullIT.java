package io.github.cfaudit.sink.file;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.Tmpfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The file sink on a real file system that fills up (a 1 MiB tmpfs): a page the disk cannot hold leaves every file it
 * touched exactly as long as before it, only complete lines, and once there is space again the rest arrives once.
 */
class FileSinkDiskFullIT {
    private static final long DISK = 1 << 20;

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

    @Harness
    AuditHarness h;

    /** {@code n} entries of about 1 KB on the day of {@code day}, ids {@code prefix0..}. */
    private static List<AuditEntry> entries(String prefix, int n, String day) {
        List<AuditEntry> page = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            String json = "{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(1000) + "\"}";
            page.add(new AuditEntry(id, Instant.parse(day + "T10:00:00Z").plusSeconds(i), json, Map.of()));
        }
        return page;
    }

    private static PageBatch batch(FileSink sink, List<AuditEntry> entries) {
        PageBatch batch = sink.newBatch(SOURCE);
        entries.forEach(batch::add);
        return batch;
    }

    private static List<String> ids(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).as("%s ends with a complete line", file).endsWith("\n");
        return content.lines()
                .map(AuditHarness::parse)
                .map(n -> n.get("id").asText())
                .toList();
    }

    private static List<String> idsOf(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::id).toList();
    }

    @Test
    void aPageTheDiskCannotHoldLeavesTheFileAsLongAsBeforeAndIsWrittenOnceThereIsSpace() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(h.dir.resolve("disk"), DISK)) {
            FileSink sink = new FileSink("all", new FileSinkSettings(disk.dir.resolve("out")));
            Path file = disk.dir.resolve("out/acme/2026/11/2026-11-20.ndjson");
            List<AuditEntry> first = entries("a", 20, "2026-11-20");
            batch(sink, first).flush();
            long before = Files.size(file);

            // about 80 KB, in two write slices, with 20 KB left: the first slice is written in part, then ENOSPC
            Path filler = disk.fillLeaving(20 * 1024);
            List<AuditEntry> second = entries("b", 80, "2026-11-20");
            PageBatch page = batch(sink, second);
            assertThatThrownBy(page::flush).isInstanceOf(IOException.class).hasMessageContaining("No space left");
            assertThat(Files.size(file)).isEqualTo(before);
            assertThat(ids(file)).containsExactlyElementsOf(idsOf(first));

            // space again: the page flushed again (the sink retries the same batch) arrives once, whole
            Files.delete(filler);
            page.flush();
            List<String> all = new ArrayList<>(idsOf(first));
            all.addAll(idsOf(second));
            assertThat(ids(file)).containsExactlyElementsOf(all);
        }
    }

    @Test
    void aFailedPageAcrossTwoDayFilesLeavesBothAsLongAsBefore() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(h.dir.resolve("disk"), DISK)) {
            FileSink sink = new FileSink("all", new FileSinkSettings(disk.dir.resolve("out")));
            Path day20 = disk.dir.resolve("out/acme/2026/11/2026-11-20.ndjson");
            Path day21 = disk.dir.resolve("out/acme/2026/11/2026-11-21.ndjson");
            List<AuditEntry> first = entries("a", 10, "2026-11-20");
            batch(sink, first).flush();
            long before = Files.size(day20);

            // the page crosses midnight: 10 KB fit into the Nov 20 file, the 80 KB of Nov 21 do not
            Path filler = disk.fillLeaving(40 * 1024);
            List<AuditEntry> lateOn20 = entries("b", 10, "2026-11-20").stream()
                    .map(e -> new AuditEntry(e.id(), e.time().plus(Duration.ofHours(12)), e.json(), Map.of()))
                    .toList();
            List<AuditEntry> on21 = entries("c", 80, "2026-11-21");
            List<AuditEntry> second = new ArrayList<>(lateOn20);
            second.addAll(on21);
            PageBatch page = batch(sink, second);
            assertThatThrownBy(page::flush).isInstanceOf(IOException.class).hasMessageContaining("No space left");
            assertThat(Files.size(day20))
                    .as("the Nov 20 file, written before the Nov 21 one failed")
                    .isEqualTo(before);
            assertThat(ids(day20)).containsExactlyElementsOf(idsOf(first));
            assertThat(day21).as("the Nov 21 file, created by the failed page").doesNotExist();

            // the retry writes both parts again, each id once (the ids rolled back are not taken as written)
            Files.delete(filler);
            page.flush();
            List<String> expected20 = new ArrayList<>(idsOf(first));
            expected20.addAll(idsOf(lateOn20));
            assertThat(ids(day20)).containsExactlyElementsOf(expected20);
            assertThat(ids(day21)).containsExactlyElementsOf(idsOf(on21));
        }
    }

    @Test
    void theApplicationOnAFullDiskHoldsTheCheckpointLeavesCompleteLinesAndDeliversTheRestOnceThereIsSpace()
            throws Exception {
        try (Tmpfs disk = Tmpfs.mount(h.dir.resolve("disk"), DISK)) {
            h.source("acct", "account", "account-id", ACCOUNT);
            h.set("cfaudit.source.acct.page-size", "50");
            h.set("cfaudit.delivery.max-retries", "1");
            Path out = disk.dir.resolve("out");
            h.fileSink("all", null);
            h.set("cfaudit.sink.all.directory", out.toString());
            List<String> expected = h.accountEntriesEveryMinute("e%03d", 600, DAY);
            h.clock.set(DAY.plus(Duration.ofDays(1)));
            Path file = out.resolve("acct/2026/11/2026-11-20.ndjson");

            // each page is about 30 KB: 100 KB hold three pages and part of the fourth
            Path filler = disk.fillLeaving(100 * 1024);
            RunSummary failed = h.runOnceSingle();
            assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(failed.failure()).contains("did not accept page").contains("No space left on device");

            // the file holds exactly the pages accepted before the failed one, whole lines, no fragment of it
            List<String> written = ids(file);
            assertThat(written).isNotEmpty();
            assertThat(written.size() % 50).as("whole pages only").isZero();
            assertThat(written).containsExactlyElementsOf(expected.subList(0, written.size()));
            long pagesBytes = 0;
            for (String line : Files.readAllLines(file)) {
                pagesBytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            assertThat(Files.size(file)).isEqualTo(pagesBytes);
            Instant watermark = h.checkpoint("acct").orElseThrow().watermark();
            assertThat(written).contains(expected.get((int)
                    Duration.between(DAY, watermark).toMinutes()));

            Files.delete(filler);
            RunSummary resumed = h.runOnceSingle();
            assertThat(resumed.outcome()).isEqualTo(RunOutcome.COMPLETE);
            assertThat(ids(file)).containsExactlyElementsOf(expected);
        }
    }
}
