package io.github.cfaudit.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.AuditPage;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import io.github.cfaudit.testing.MinimalConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one run delivers of the pages it reads: each id once, nothing outside its window. */
class SourceRunTest {
    static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dir;

    SourceConfig source() {
        Map<String, String> p = MinimalConfig.properties("acct", "out");
        p.put("cfaudit.source.acct.start", START.toString());
        p.put("cfaudit.source.acct.settle", "PT0S");
        p.put("cfaudit.source.acct.lookback", "PT5M");
        return AuditConfigParser.parse(p, Map.of()).sources().get(0);
    }

    SourceRun start(RunIds ids) {
        return SourceRun.start(source(), new FileCheckpointStore(dir), Clock.fixed(NOW, ZoneOffset.UTC), ids);
    }

    static AuditEntry entry(String id, Instant time) {
        return new AuditEntry(id, time, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static AuditPage page(String cursor, AuditEntry... entries) {
        return new AuditPage(Arrays.asList(entries), cursor, List.of());
    }

    static List<String> ids(SourcePage page) {
        return page.entries().stream().map(AuditEntry::id).toList();
    }

    /** Delivers and commits the page, as the runner does once every sink accepted it. */
    static void commit(SourceRun run, SourcePage page) {
        Checkpoint next = run.nextCheckpoint(page.maxTime(), page.ids());
        run.committed(next, page.ids().size());
    }

    @Test
    void anIdHandedBackLaterInTheRunIsNotDeliveredAgainWhateverItsEventTime() {
        SourceRun run = start(new RunIds());
        SourcePage first = run.read(page("c1", entry("a", START.plusSeconds(60)), entry("b", START.plusSeconds(61))));
        commit(run, first);
        // far past the lookback: the checkpoint no longer holds "a", the run still knows it
        SourcePage second =
                run.read(page("c2", entry("z", START.plusSeconds(7200)), entry("a", START.plusSeconds(60))));
        commit(run, second);
        assertThat(run.checkpoint().recentIds()).doesNotContainKey("a");
        SourcePage third = run.read(page(null, entry("a", START.plusSeconds(60)), entry("y", START.plusSeconds(7300))));

        assertThat(ids(first)).containsExactly("a", "b");
        assertThat(ids(second)).containsExactly("z");
        assertThat(ids(third)).containsExactly("y");
        assertThat(run.duplicates()).isEqualTo(2);
        assertThat(run.outsideWindow()).isZero();
    }

    @Test
    void anEntryOutsideTheWindowIsNotDeliveredNorMovesTheWatermark() {
        SourceRun run = start(new RunIds());
        Instant early = START.minusSeconds(1);
        Instant atBefore = NOW;
        SourcePage p = run.read(page(
                null,
                entry("early", early),
                entry("in", START.plusSeconds(10)),
                entry("future", atBefore),
                entry("far-future", NOW.plusSeconds(86_400))));

        assertThat(ids(p)).containsExactly("in");
        assertThat(p.maxTime()).isEqualTo(START.plusSeconds(10));
        assertThat(run.outsideWindow()).isEqualTo(3);
        assertThat(run.duplicates()).isZero();
    }

    @Test
    void aPageOfOnlyEntriesOutsideTheWindowHasNothingToCommit() {
        SourceRun run = start(new RunIds());
        SourcePage p = run.read(page(null, entry("early", START.minusSeconds(3600))));
        assertThat(p.entries()).isEmpty();
        assertThat(p.maxTime()).isNull();
    }

    @Test
    void whenTheRunsIdsFillTheirMemoryItDeliversFromTheCheckpointsLookbackOnAndStillEachIdOnce() {
        SourceRun run = start(new RunIds(3));
        SourcePage p1 = run.read(page(
                "c1",
                entry("a", START.plusSeconds(60)),
                entry("b", START.plusSeconds(3600)),
                entry("c", START.plusSeconds(3700))));
        commit(run, p1);
        // the memory is full: ids are forgotten, delivery starts at watermark - lookback (3700 s - 5 min)
        SourcePage p2 = run.read(page(
                "c2",
                entry("a", START.plusSeconds(60)), // behind the lookback: a repeat, not delivered
                entry("c", START.plusSeconds(3700)), // inside it: the checkpoint still knows it
                entry("d", START.plusSeconds(3800))));

        assertThat(ids(p1)).containsExactly("a", "b", "c");
        assertThat(ids(p2)).containsExactly("d");
        assertThat(run.deliverFrom()).isEqualTo(START.plusSeconds(3700 - 300));
        assertThat(run.outsideWindow()).isEqualTo(1);
        assertThat(run.duplicates()).isEqualTo(1);
    }
}
