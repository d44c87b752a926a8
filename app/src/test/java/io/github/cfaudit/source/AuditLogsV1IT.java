package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.NOON;
import static io.github.cfaudit.testing.AuditHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.V1Fragment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Audit logs v1 ({@code account-v1}, {@code user-v1}) end to end against the simulator: page numbers 1, 2, ... with
 * the same window on every page, the end found by {@code result_info.total_pages}, an empty page or the 400 past the
 * last page (and only there), every id once across runs, and requests that conform to the v1 fragment.
 */
class AuditLogsV1IT {
    private static final String V1_ERROR =
            "{\"success\":false,\"errors\":[{\"code\":1001,\"message\":\"bad request\"}],\"messages\":[],\"result\":null}";

    @Harness
    AuditHarness h;

    final SyntheticAuditData data = new SyntheticAuditData(25);
    final Instant from = DAY.plus(Duration.ofHours(1));
    final Instant to = DAY.plus(Duration.ofHours(11));

    /** The page numbers of the requests, in order. */
    private List<String> pages() {
        return h.sim.requests().stream().map(r -> r.param("page")).toList();
    }

    private static void assertOneWindowPerRun(List<RecordedRequest> run) {
        assertThat(run).isNotEmpty();
        RecordedRequest first = run.get(0);
        assertThat(run).allSatisfy(r -> {
            V1Fragment.assertConforms(r);
            assertThat(r.param("since")).isEqualTo(first.param("since"));
            assertThat(r.param("before")).isEqualTo(first.param("before"));
            assertThat(r.param("direction")).isEqualTo("asc");
            assertThat(r.param("per_page")).isEqualTo(first.param("per_page"));
        });
        assertThat(run.stream().map(r -> r.param("page")))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, run.size())
                        .mapToObj(Integer::toString)
                        .toList());
    }

    @Test
    void accountV1EveryEntryOncePageByPageWithTheSameWindow() {
        List<String> ids = data.populateAccountV1(h.sim, ACCOUNT, 2500, from, to);
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        Path out = h.fileSink("all", null);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
        List<RecordedRequest> requests = h.sim.requests();
        assertThat(requests)
                .allSatisfy(q -> assertThat(q.path()).isEqualTo("/client/v4/accounts/" + ACCOUNT + "/audit_logs"));
        // 2500 entries at 1000 a page: total_pages is 3, so there is no fourth request
        assertThat(pages()).containsExactly("1", "2", "3");
        assertOneWindowPerRun(requests);
        assertThat(requests.get(0).param("per_page")).isEqualTo("1000");
        assertThat(requests.get(0).param("since")).isEqualTo(DAY.toString());
        assertThat(h.checkpoint("acct-v1").orElseThrow().watermark()).isEqualTo(NOON);
    }

    @Test
    void userV1ReadsTheTokensOwnUserOnly() {
        List<String> mine = data.populateUser(h.sim, TOKEN, 120, from, to);
        data.populateUser(h.sim, "someone-elses-token", 50, from, to);
        h.source("me", "user-v1");
        h.set("cfaudit.source.me.page-size", "50");
        Path out = h.fileSink("all", null);
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(mine);
        assertThat(h.sim.requests()).allSatisfy(q -> assertThat(q.path()).isEqualTo("/client/v4/user/audit_logs"));
        assertThat(pages()).containsExactly("1", "2", "3");
        assertOneWindowPerRun(h.sim.requests());
    }

    @Test
    void anAccountOwnedTokenCannotReadAUsersLogs() {
        h.sim.clearCredentials().acceptAccountToken("acct-owned", ACCOUNT);
        h.set("cfaudit.api.token", "acct-owned");
        h.sim.addUserEntry("acct-owned", Entries.v1("u1", from));
        h.source("me", "user-v1");
        h.fileSink("all", null);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.failure()).contains("HTTP 403");
    }

    @Test
    void withoutTotalsTheFourHundredPastTheLastPageEndsTheRunComplete() {
        h.sim.setV1Totals(false);
        List<String> ids = h.accountV1EntriesEveryMinute("e%02d", 25, from);
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.page-size", "10");
        Path out = h.fileSink("all", null);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(r.failure()).isNull();
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
        assertThat(pages()).containsExactly("1", "2", "3", "4");
        assertThat(h.sim.requests().get(3).status()).isEqualTo(400);
        assertThat(h.checkpoint("acct-v1").orElseThrow().watermark()).isEqualTo(NOON);

        // the next run starts at page 1 again, from the watermark minus the lookback, and finds the new entry only
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("new", NOON.plusSeconds(30)));
        h.clock.advance(Duration.ofMinutes(1));
        h.sim.clearRequests();
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(pages()).startsWith("1");
        assertThat(h.sim.requests().get(0).param("since"))
                .isEqualTo(NOON.minus(Duration.ofMinutes(10)).toString());
        assertThat(AuditHarness.ids(out)).endsWith("e24", "new").doesNotHaveDuplicates();
    }

    @Test
    void withoutTotalsAnEmptyPageEndsTheRunToo() {
        h.sim.setV1Totals(false).setV1PastTheEndEmpty(true);
        List<String> ids = h.accountV1EntriesEveryMinute("e%02d", 20, from);
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.page-size", "10");
        Path out = h.fileSink("all", null);
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
        assertThat(pages()).containsExactly("1", "2", "3");
        assertThat(h.sim.requests()).allSatisfy(q -> assertThat(q.status()).isEqualTo(200));
    }

    @Test
    void aFourHundredForPageOneIsAnError() {
        h.accountV1EntriesEveryMinute("e%02d", 5, from);
        h.sim.failWhen(q -> "1".equals(q.param("page")), 1, 400, "application/json", V1_ERROR);
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        Path out = h.fileSink("all", null);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.failure()).contains("HTTP 400");
        assertThat(AuditHarness.ids(out)).isEmpty();
        assertThat(h.checkpoint("acct-v1")).isEmpty();
        assertThat(h.sim.requests()).hasSize(1);
    }

    @Test
    void aFourHundredForAPageTheTotalPromisedIsAnErrorAndTheNextRunDeliversTheRestOnce() {
        List<String> ids = h.accountV1EntriesEveryMinute("e%02d", 25, from);
        h.sim.failWhen(q -> "2".equals(q.param("page")), 1, 400, "application/json", V1_ERROR);
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.page-size", "10");
        Path out = h.fileSink("all", null);
        RunSummary failed = h.runOnceSingle();
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.failure()).contains("HTTP 400", "page 2 (of 3");
        // page 1 was delivered and committed; nothing after it
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids.subList(0, 10));
        assertThat(h.checkpoint("acct-v1").orElseThrow().watermark()).isEqualTo(from.plus(Duration.ofMinutes(9)));

        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
    }

    @Test
    void aPageShorterThanAskedIsNoEnd() {
        // the server caps pages at 7 whatever per_page asks: total_pages counts pages of 7
        h.sim.setMaxPageSize(7);
        List<String> ids = h.accountV1EntriesEveryMinute("e%02d", 30, from);
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.page-size", "10");
        Path out = h.fileSink("all", null);
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
        assertThat(pages()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void entriesArrivingDuringARunShiftNoPageAndLateOnesComeOnceWithTheLookback() {
        List<String> ids = h.accountV1EntriesEveryMinute("e%02d", 50, NOON.minus(Duration.ofMinutes(55)));
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.page-size", "10");
        h.set("cfaudit.source.acct-v1.lookback", "PT60M");
        Path out = h.fileSink("all", null);
        h.set("cfaudit.sink.stream.type", "endpoint");
        h.set("cfaudit.sink.stream.uri", "direct:stream");
        AtomicBoolean added = new AtomicBoolean();
        List<String> late = new CopyOnWriteArrayList<>();
        h.withRoute("direct:stream", e -> {
            if (added.compareAndSet(false, true)) {
                // while page 1 is delivered: new entries after the window's end, and late ones inside it, before the
                // pages not read yet (they push every later entry one page on)
                h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("future", NOON.plusSeconds(5)));
                for (int i = 0; i < 3; i++) {
                    String id = "late" + i;
                    h.sim.addAccountV1Entry(
                            ACCOUNT,
                            Entries.v1(id, NOON.minus(Duration.ofMinutes(54)).plusSeconds(i)));
                    late.add(id);
                }
            }
        });
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertOneWindowPerRun(h.sim.requests());
        // every entry there when the run began: once; shifted ones seen twice on the wire are dropped by id
        assertThat(AuditHarness.ids(out))
                .doesNotHaveDuplicates()
                .containsAll(ids)
                .doesNotContain("future");

        h.clock.advance(Duration.ofMinutes(2));
        h.sim.clearRequests();
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out))
                .doesNotHaveDuplicates()
                .containsAll(ids)
                .containsAll(late)
                .contains("future")
                .hasSize(ids.size() + late.size() + 1);
    }

    @Test
    void aLateArrivalInsideTheLookbackIsDeliveredOnce() {
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.settle", "PT1M");
        h.set("cfaudit.source.acct-v1.lookback", "PT10M");
        Path out = h.fileSink("all", null);
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("a", NOON.minus(Duration.ofMinutes(20))));
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("b", NOON.minus(Duration.ofMinutes(5))));
        h.runOnceSingle();
        h.sim.addAccountV1Entry(
                ACCOUNT, Entries.v1("late", NOON.minus(Duration.ofMinutes(5)).plusSeconds(10)));
        h.clock.advance(Duration.ofMinutes(2));
        h.runOnceSingle();
        h.clock.advance(Duration.ofMinutes(2));
        h.runOnceSingle();
        assertThat(AuditHarness.ids(out)).containsExactly("a", "b", "late");
    }

    @Test
    void sinceIsInclusiveAndNeverBumpedEntriesOfTheWatermarkSecondComeOnce() {
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.lookback", "PT0S");
        Path out = h.fileSink("all", null);
        Instant second = NOON.minus(Duration.ofMinutes(3));
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("s1", second));
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("s2", second));
        h.set("cfaudit.source.acct-v1.page-size", "1");
        h.set("cfaudit.source.acct-v1.max-pages", "1");
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.INCOMPLETE);
        // an entry of that same second arrives late
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("s0", second));
        h.remove("cfaudit.source.acct-v1.max-pages");
        h.runOnceSingle();
        h.clock.advance(Duration.ofMinutes(1));
        h.runOnceSingle();
        assertThat(h.sim.requests())
                .filteredOn(q -> "1".equals(q.param("page")))
                .extracting(q -> q.param("since"))
                .contains(second.toString())
                .allSatisfy(since -> assertThat(Instant.parse(since).getNano()).isZero());
        assertThat(AuditHarness.ids(out)).containsExactlyInAnyOrder("s0", "s1", "s2");
    }

    @Test
    void maxPagesStopsTheRunAndTheNextOneGoesOnFromTheCheckpoint() {
        List<String> ids = h.accountV1EntriesEveryMinute("e%02d", 45, from);
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.page-size", "10");
        h.set("cfaudit.source.acct-v1.max-pages", "2");
        Path out = h.fileSink("all", null);
        List<RunOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            outcomes.add(h.runOnceSingle().outcome());
        }
        assertThat(outcomes)
                .startsWith(RunOutcome.INCOMPLETE, RunOutcome.INCOMPLETE)
                .contains(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
    }

    @Test
    void overlappingPagesAndEntriesOutsideTheWindowAreDroppedById() {
        h.sim.setRepeatEarlierEntries(3).setEntriesOutsideWindow(true);
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("before-start", DAY.minusSeconds(5)));
        List<String> ids = h.accountV1EntriesEveryMinute("e%02d", 35, from);
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("after-end", NOON.plusSeconds(5)));
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.page-size", "10");
        Path out = h.fileSink("all", null);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
        assertThat(r.duplicates()).isEqualTo(9);
    }

    @Test
    void filtersAreSentAsTheFragmentNamesThemAndReallyFilter() {
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("keep", from, "login", "a+b@example.com", "198.51.100.7", ACCOUNT));
        h.sim.addAccountV1Entry(
                ACCOUNT,
                Entries.v1("other-type", from.plusSeconds(1), "add", "a+b@example.com", "198.51.100.7", ACCOUNT));
        h.sim.addAccountV1Entry(
                ACCOUNT,
                Entries.v1("other-net", from.plusSeconds(2), "login", "a+b@example.com", "203.0.113.7", ACCOUNT));
        h.sim.addAccountV1Entry(
                ACCOUNT,
                Entries.v1("users-own", from.plusSeconds(3), "login", "a+b@example.com", "198.51.100.8", "a-user-id"));
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct-v1.filter.action.type", "login");
        h.set("cfaudit.source.acct-v1.filter.actor.ip", "198.51.100.0/24");
        h.set("cfaudit.source.acct-v1.filter.actor.email", "a+b@example.com");
        h.set("cfaudit.source.acct-v1.filter.hide_user_logs", "true");
        Path out = h.fileSink("all", null);
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactly("keep");
        RecordedRequest r = h.sim.requests().get(0);
        V1Fragment.assertConforms(r);
        assertThat(r.queryParams())
                .containsEntry("action.type", List.of("login"))
                .containsEntry("actor.ip", List.of("198.51.100.0/24"))
                .containsEntry("actor.email", List.of("a+b@example.com"))
                .containsEntry("hide_user_logs", List.of("true"))
                .containsOnlyKeys(
                        "since",
                        "before",
                        "direction",
                        "per_page",
                        "page",
                        "action.type",
                        "actor.ip",
                        "actor.email",
                        "hide_user_logs");
        assertThat(r.rawQuery()).contains("action.type=login", "actor.email=a%2Bb%40example.com");
    }

    @Test
    void hostileEntriesAreWrittenExactlyAndEntriesWithoutIdOrWhenSkipped() {
        List<String> hostile = io.github.cfaudit.simulator.HostileEntries.v1(from);
        hostile.forEach(e -> h.sim.addAccountV1Entry(ACCOUNT, e));
        h.sim.addAccountV1Entry(ACCOUNT, "{\"id\":\"\",\"when\":\"" + from.plusSeconds(100) + "\"}");
        h.sim.addAccountV1Entry(ACCOUNT, "{\"id\":7,\"when\":\"" + from.plusSeconds(101) + "\"}");
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        Path out = h.fileSink("all", null);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(r.skipped()).isEqualTo(2);
        List<String> compact = hostile.stream()
                .map(e -> e.contains("\n") ? AuditHarness.parse(e).toString() : e)
                .toList();
        assertThat(AuditHarness.lines(out)).hasSameSizeAs(hostile);
        assertThat(AuditHarness.lines(out).subList(0, hostile.size() - 1))
                .containsExactlyElementsOf(compact.subList(0, hostile.size() - 1));
        assertThat(AuditHarness.ids(out)).doesNotHaveDuplicates();
    }

    @Test
    void entryExchangesCarryTheV1TypeAndTheWhenTime() {
        h.sim.addAccountV1Entry(ACCOUNT, Entries.v1("e1", from));
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.set("cfaudit.sink.stream.type", "endpoint");
        h.set("cfaudit.sink.stream.uri", "direct:stream");
        List<Map<String, Object>> headers = new CopyOnWriteArrayList<>();
        h.withRoute("direct:stream", e -> headers.add(e.getMessage().getHeaders()));
        h.runOnceSingle();
        assertThat(headers).hasSize(1);
        assertThat(headers.get(0))
                .containsEntry("CloudflareAuditSource", "acct-v1")
                .containsEntry("CloudflareAuditSourceType", "account-v1")
                .containsEntry("CloudflareAuditEntryId", "e1")
                .containsEntry("CloudflareAuditTime", from);
    }
}
