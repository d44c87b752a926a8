package io.github.cfaudit.source;

import static io.github.cfaudit.source.SourceRunTest.NOW;
import static io.github.cfaudit.source.SourceRunTest.entry;
import static io.github.cfaudit.source.SourceRunTest.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a page's arrivals say: each new entry's lag, and which were late, behind which watermark. */
class PageArrivalsTest {
    /** The committed watermark the run starts from: 5 minutes before now (lookback PT5M, settle PT0S). */
    static final Instant WATERMARK = NOW.minus(Duration.ofMinutes(5));

    @TempDir
    Path dir;

    SourceRun start() {
        SourceConfig source = new SourceRunTest().source();
        FileCheckpointStore store = new FileCheckpointStore(dir);
        store.save(source.name(), new Checkpoint(source.endpoint().path(), WATERMARK, Map.of()));
        return SourceRun.start(source, store, Clock.fixed(NOW, ZoneOffset.UTC), new RunIds());
    }

    private static long[] first(long[] values, int n) {
        return Arrays.copyOf(values, n);
    }

    @Test
    void lagIsReadTimeMinusEventTimeAndLateIsBehindTheStartingWatermark() {
        SourceRun run = start();
        SourcePage p = run.read(page(
                "c1",
                entry("late", WATERMARK.minusSeconds(200)),
                entry("later", WATERMARK.minusSeconds(250)),
                entry("new", WATERMARK.plusSeconds(30))));

        PageArrivals a = p.arrivals();
        assertThat(first(a.lagMillis(), a.count())).containsExactly(500_000, 550_000, 270_000);
        assertThat(first(a.behindMillis(), a.late())).containsExactly(200_000, 250_000);
        assertThat(a.worstId()).isEqualTo("later");
        assertThat(a.worstBehindMillis()).isEqualTo(250_000);
    }

    @Test
    void duplicatesAndEntriesOutsideTheWindowAreNotArrivals() {
        SourceRun run = start();
        SourcePage p = run.read(page(
                null,
                entry("a", WATERMARK.plusSeconds(1)),
                entry("a", WATERMARK.plusSeconds(1)),
                entry("too-old", WATERMARK.minus(Duration.ofMinutes(6)))));
        assertThat(p.arrivals().count()).isEqualTo(1);
        assertThat(p.arrivals().late()).isZero();
    }

    @Test
    void onlyEntriesBeyondThreeQuartersOfTheLookbackAreNearMisses() {
        SourceRun run = start();
        // lookback PT5M: three quarters is 225 s
        SourcePage p = run.read(
                page(null, entry("inside", WATERMARK.minusSeconds(225)), entry("near", WATERMARK.minusSeconds(226))));
        SourceRunTest.commit(run, p);
        run.arrived(p);
        assertThat(run.lateArrivals().late()).isEqualTo(2);
        assertThat(run.lateArrivals().nearMisses()).isEqualTo(1);
        assertThat(run.lateArrivals().worstId()).isEqualTo("near");
        assertThat(run.lateArrivals().worstBehind()).isEqualTo(Duration.ofSeconds(226));
    }

    @Test
    void aRestartedChainMeasuresLateAgainstTheWatermarkItRestartsFrom() {
        SourceRun run = start();
        SourcePage p1 = run.read(page("c1", entry("x", WATERMARK.plusSeconds(60))));
        SourceRunTest.commit(run, p1);
        assertThat(run.restartChain()).isTrue();
        // read again from the new watermark's lookback: an entry that appeared meanwhile, 20 s behind it
        SourcePage p2 =
                run.read(page(null, entry("x", WATERMARK.plusSeconds(60)), entry("y", WATERMARK.plusSeconds(40))));
        assertThat(first(p2.arrivals().behindMillis(), p2.arrivals().late())).containsExactly(20_000);
    }
}
