package io.github.cfaudit.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.AuditPage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The paging rule on its own: what comes after a page. */
class PagingTest {
    private static final AuditPage EMPTY = new AuditPage(List.of(), "c9", List.of());

    private static AuditPage page(String next) {
        AuditEntry e =
                new AuditEntry("e1", Instant.parse("2026-11-20T00:00:00Z"), "{\"id\":\"e1\"}", Map.of("id", "e1"));
        return new AuditPage(List.of(e), next, List.of());
    }

    @Test
    void aPageWithANewCursorGoesOnWithIt() {
        Paging.Next next = Paging.after(page("c2"), "c1", Set.of("c1"), 1, 10);
        assertThat(next.state()).isEqualTo(RunState.RUNNING);
        assertThat(next.cursor()).isEqualTo("c2");
    }

    @Test
    void anEmptyPageOrNoCursorIsTheEnd() {
        assertThat(Paging.after(EMPTY, "c1", Set.of(), 1, 10).state()).isEqualTo(RunState.REACHED_END);
        assertThat(Paging.after(page(null), "c1", Set.of(), 1, 10).state()).isEqualTo(RunState.REACHED_END);
        assertThat(RunState.REACHED_END.complete()).isTrue();
    }

    @Test
    void aCursorSeenBeforeStopsTheRun() {
        Paging.Next next = Paging.after(page("c1"), "c3", Set.of("c1", "c2", "c3"), 3, 10);
        assertThat(next.state()).isEqualTo(new RunState.Stopped("the API repeated a cursor after page 3"));
        assertThat(next.cursor()).isEqualTo("c3");
        assertThat(next.state().complete()).isFalse();
    }

    @Test
    void theSameCursorAgainStopsTheRun() {
        assertThat(Paging.after(page("c1"), "c1", Set.of(), 2, 10).state())
                .isEqualTo(new RunState.Stopped("the API repeated a cursor after page 2"));
    }

    @Test
    void thePageCapStopsTheRunWithANextCursorLeft() {
        Paging.Next next = Paging.after(page("c3"), "c2", Set.of("c2"), 2, 2);
        assertThat(next.state()).isEqualTo(new RunState.Stopped("max-pages (2) reached"));
        assertThat(next.state().reason()).isEqualTo("max-pages (2) reached");
    }

    private static AuditPage numbered(Integer totalPages) {
        return new AuditPage(page(null).entries(), null, List.of(), totalPages);
    }

    @Test
    void aNumberedPageGoesOnWithTheNextNumberUntilTheTotal() {
        assertThat(Paging.afterNumbered(numbered(3), 1, 1, 10)).isEqualTo(new Paging.Next(RunState.RUNNING, "2"));
        assertThat(Paging.afterNumbered(numbered(3), 2, 2, 10)).isEqualTo(new Paging.Next(RunState.RUNNING, "3"));
        assertThat(Paging.afterNumbered(numbered(3), 3, 3, 10).state()).isEqualTo(RunState.REACHED_END);
        // a total that shrank (or a page asked past it) ends the run too
        assertThat(Paging.afterNumbered(numbered(2), 3, 3, 10).state()).isEqualTo(RunState.REACHED_END);
    }

    @Test
    void withoutATotalOnlyAnEmptyPageEndsANumberedRun() {
        assertThat(Paging.afterNumbered(numbered(null), 7, 7, 10)).isEqualTo(new Paging.Next(RunState.RUNNING, "8"));
        assertThat(Paging.afterNumbered(new AuditPage(List.of(), null, List.of(), null), 8, 8, 10)
                        .state())
                .isEqualTo(RunState.REACHED_END);
        assertThat(Paging.afterNumbered(AuditPage.pastTheEnd(), 8, 8, 10).state())
                .isEqualTo(RunState.REACHED_END);
        assertThat(Paging.afterNumbered(numbered(0), 1, 1, 10).state()).isEqualTo(RunState.REACHED_END);
    }

    @Test
    void thePageCapStopsANumberedRun() {
        Paging.Next next = Paging.afterNumbered(numbered(null), 2, 2, 2);
        assertThat(next.state()).isEqualTo(new RunState.Stopped("max-pages (2) reached"));
        assertThat(next.cursor()).isEqualTo("2");
    }

    @Test
    void aBadRequestIsTheEndOnlyForAPageTheOneBeforeDidNotPromise() {
        assertThat(Paging.badRequestIsTheEnd(1, null)).isFalse();
        assertThat(Paging.badRequestIsTheEnd(1, 0)).isFalse();
        assertThat(Paging.badRequestIsTheEnd(2, null)).isTrue();
        assertThat(Paging.badRequestIsTheEnd(4, 3)).isTrue();
        assertThat(Paging.badRequestIsTheEnd(3, 3)).isFalse();
        assertThat(Paging.badRequestIsTheEnd(2, 3)).isFalse();
    }
}
