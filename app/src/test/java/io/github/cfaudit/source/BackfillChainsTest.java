package io.github.cfaudit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.AuditPage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ordering of the backfill chains on their own: pages come out slice after slice, each slice's in its chain's
 * order, whatever order the requests finish in; fetching ahead stays within its bound; a failure comes out in its
 * place.
 */
class BackfillChainsTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int PAGES_PER_SLICE = 6;

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    /** A slice's query is its start; its pages are "<start>#<n>", the cursor of page n+1 is n. */
    private static String query(Window slice, String cursor) {
        return slice.since() + "#" + (cursor == null ? "0" : cursor);
    }

    private static AuditPage page(String query) {
        String[] parts = query.split("#");
        int n = Integer.parseInt(parts[1]) + 1;
        AuditEntry e = new AuditEntry(query, Instant.parse(parts[0]), "{}", Map.of());
        return new AuditPage(List.of(e), n < PAGES_PER_SLICE ? Integer.toString(n) : null, List.of());
    }

    private static List<Window> slices(int n) {
        return Slices.of(new Window(T0, T0.plus(Duration.ofDays(n))), Duration.ofDays(1));
    }

    @Test
    void pagesComeOutSliceAfterSliceInTheirOrderWhateverOrderTheRequestsFinishIn() throws Exception {
        List<Window> slices = slices(12);
        BackfillChains chains = new BackfillChains(slices, BackfillChainsTest::query, (query, what) -> {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(5));
                    return page(query);
                })
                .start(executor, 4);

        List<String> out = new ArrayList<>();
        for (int s = 0; s < slices.size(); s++) {
            for (int p = 0; p < PAGES_PER_SLICE; p++) {
                BackfillChains.Item item = chains.next();
                assertThat(item).isInstanceOf(BackfillChains.Page.class);
                out.add(((BackfillChains.Page) item).page().entries().get(0).id());
            }
            assertThat(chains.next()).isEqualTo(new BackfillChains.SliceEnd(s, RunState.REACHED_END));
        }
        chains.close();

        List<String> expected = new ArrayList<>();
        for (Window slice : slices) {
            for (int p = 0; p < PAGES_PER_SLICE; p++) {
                expected.add(slice.since() + "#" + p);
            }
        }
        assertThat(out).containsExactlyElementsOf(expected);
    }

    @Test
    void chainsOfLaterSlicesFetchNoMoreThanTheirBoundAheadWhileTheHeadWaits() throws Exception {
        List<Window> slices = slices(8);
        Map<String, Boolean> requested = new ConcurrentHashMap<>();
        AtomicInteger headRequests = new AtomicInteger();
        BackfillChains chains = new BackfillChains(slices, BackfillChainsTest::query, (query, what) -> {
                    requested.put(query, true);
                    if (query.startsWith(T0.toString())) {
                        headRequests.incrementAndGet();
                    }
                    return page(query);
                })
                .start(executor, 3);

        // nobody takes anything: the head slice's chain pages its slice to the end, the others stop at the bound
        int bound = BackfillChains.PAGES_AHEAD;
        await().atMost(Duration.ofSeconds(5)).until(() -> headRequests.get() == PAGES_PER_SLICE);
        await().atMost(Duration.ofSeconds(5)).until(() -> chains.pagesAhead() == bound);
        assertThat(requested).hasSize(PAGES_PER_SLICE + bound);

        // taking the head slice lets the chains go on; everything still comes out in order
        int taken = 0;
        for (int s = 0; s < slices.size(); s++) {
            BackfillChains.Item item;
            while ((item = chains.next()) instanceof BackfillChains.Page) {
                taken++;
                assertThat(chains.pagesAhead()).isLessThanOrEqualTo(bound);
            }
            assertThat(item).isEqualTo(new BackfillChains.SliceEnd(s, RunState.REACHED_END));
        }
        assertThat(taken).isEqualTo(slices.size() * PAGES_PER_SLICE);
        chains.close();
    }

    @Test
    void aFailedSliceComesOutInItsPlaceAfterTheSlicesBeforeIt() throws Exception {
        List<Window> slices = slices(6);
        String failing = slices.get(2).since() + "#3";
        BackfillChains chains = new BackfillChains(slices, BackfillChainsTest::query, (query, what) -> {
                    if (query.equals(failing)) {
                        throw new java.io.IOException("down");
                    }
                    return page(query);
                })
                .start(executor, 4);

        int pages = 0;
        BackfillChains.Item item;
        while (!((item = chains.next()) instanceof BackfillChains.Failed)) {
            if (item instanceof BackfillChains.Page) {
                pages++;
            }
        }
        chains.close();

        assertThat(((BackfillChains.Failed) item).slice()).isEqualTo(2);
        assertThat(((BackfillChains.Failed) item).failure()).hasMessage("down");
        // slices 1 and 2, and the three pages of slice 3 before the failure
        assertThat(pages).isEqualTo(2 * PAGES_PER_SLICE + 3);
    }

    @Test
    void anErrorInAChainFailsItsSliceInsteadOfLeavingTheRunWaiting() throws Exception {
        List<Window> slices = slices(4);
        String failing = slices.get(1).since() + "#2";
        BackfillChains chains = new BackfillChains(slices, BackfillChainsTest::query, (query, what) -> {
                    if (query.equals(failing)) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    return page(query);
                })
                .start(executor, 3);

        BackfillChains.Item item;
        do {
            item = chains.next(); // without the catch in the chain, this waits for ever at slice 2
        } while (!(item instanceof BackfillChains.Failed));
        chains.close();

        assertThat(((BackfillChains.Failed) item).slice()).isEqualTo(1);
        assertThat(((BackfillChains.Failed) item).failure()).hasMessageContaining("Java heap space");
    }
}
