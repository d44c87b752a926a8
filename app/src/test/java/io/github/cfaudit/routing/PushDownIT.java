package io.github.cfaudit.routing;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.HostileEntries;
import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push-down against the simulator's request log: when every sink of a source has a predicate whose union the
 * endpoint's filters can ask for exactly, the source sends those filters (fewer pages), and every sink holds exactly
 * what it holds without push-down; otherwise nothing is sent.
 */
class PushDownIT {
    @TempDir
    Path dir;

    /** What one run did: the requests of the account source, and each sink's lines. */
    record Outcome(List<RecordedRequest> requests, Map<String, List<String>> sinks) {}

    /** A fresh simulator with the same entries, one account source (5 entries a page), the given sinks. */
    Outcome run(String name, boolean pushDown, Map<String, String> sinks) {
        try (AuditHarness h = new AuditHarness(dir.resolve(name))) {
            h.source("acct", "account", "account-id", ACCOUNT);
            h.set("cfaudit.source.acct.page-size", "5");
            if (!pushDown) {
                h.set("cfaudit.source.acct.push-down", "false");
            }
            for (int i = 0; i < 30; i++) {
                h.sim.addAccountEntry(
                        ACCOUNT,
                        Entries.audit(
                                String.format("e%02d", i),
                                DAY.plusSeconds(100 + i),
                                i % 3 == 0 ? "delete" : "update",
                                i % 4 == 0 ? "failure" : "success",
                                "alice@example.com"));
            }
            HostileEntries.audit(DAY.plusSeconds(1)).forEach(e -> h.sim.addAccountEntry(ACCOUNT, e));
            Map<String, Path> dirs = new LinkedHashMap<>();
            sinks.forEach((sink, when) -> dirs.put(sink, h.fileSink(sink, when)));
            assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
            Map<String, List<String>> lines = new LinkedHashMap<>();
            dirs.forEach((sink, out) -> lines.put(sink, AuditHarness.lines(out)));
            return new Outcome(
                    h.sim.requests().stream()
                            .filter(r -> r.path().endsWith("/logs/audit"))
                            .toList(),
                    lines);
        }
    }

    @Test
    void theUnionOfTheSinksIsAskedOfTheApiAndTheSinksHoldWhatTheyHeldWithout() {
        Map<String, String> sinks = Map.of(
                "failed-users", "${body[action][result]} == 'failure' && ${body[actor][type]} == 'user'",
                "failures", "jsonpath:$[?(@.action.result in ['failure'])]",
                "elsewhere", "${header.CloudflareAuditSource} == 'other-source'");
        Outcome pushed = run("pushed", true, sinks);
        Outcome plain = run("plain", false, sinks);

        assertThat(pushed.requests())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.params("action_result")).containsExactly("failure"));
        assertThat(plain.requests())
                .allSatisfy(r -> assertThat(r.params("action_result")).isEmpty());
        assertThat(pushed.requests().size()).isLessThan(plain.requests().size());
        assertThat(pushed.sinks()).isEqualTo(plain.sinks());
        // the escaped and repeated-key failures of the hostile entries too
        assertThat(pushed.sinks().get("failures"))
                .hasSizeGreaterThan(10)
                .anySatisfy(line -> assertThat(line).contains("fail\\u0075re"));
    }

    @Test
    void valuesOfOneFilterFromSeveralSinksAreAlternatives() {
        Map<String, String> sinks = Map.of(
                "deletes", "${body[action][type]} == 'delete'",
                "creates-or-updates", "jsonpath:$[?(@.action.type in ['create', 'update'])]");
        Outcome pushed = run("pushed", true, sinks);
        Outcome plain = run("plain", false, sinks);
        assertThat(pushed.requests())
                .allSatisfy(r ->
                        assertThat(r.params("action_type")).containsExactlyInAnyOrder("delete", "create", "update"));
        assertThat(pushed.sinks()).isEqualTo(plain.sinks());
    }

    @Test
    void aJsonPathConjunctionIsAskedOfTheApiAsTheSimpleOneIs() {
        Map<String, String> sinks = Map.of(
                "failed-changes",
                "jsonpath:$[?(@.action.result == 'failure' && (@.action.type == 'delete' || @.action.type == 'update'))]");
        Outcome pushed = run("pushed", true, sinks);
        Outcome plain = run("plain", false, sinks);
        assertThat(pushed.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.params("action_result")).containsExactly("failure");
            assertThat(r.params("action_type")).containsExactlyInAnyOrder("delete", "update");
        });
        assertThat(pushed.sinks()).isEqualTo(plain.sinks());
        assertThat(pushed.sinks().get("failed-changes")).hasSizeGreaterThan(5);
    }

    @Test
    void nothingIsPushedDownWhenASinkTakesEverythingOrTheUnionIsNotAFilter() {
        for (Map<String, String> sinks : List.of(
                Map.of("all", "", "failures", "${body[action][result]} == 'failure'"),
                Map.of("failures", "${body[action][result]} == 'failure'", "users", "${body[actor][type]} == 'user'"),
                Map.of("not-failures", "${body[action][result]} != 'failure'"),
                Map.of("upper", "${body[action][result]} == 'FAILURE'"),
                Map.of("camel-only", "${body[action][result]} =~ 'failure'"),
                Map.of(
                        "failures-or-deletes",
                        "jsonpath:$[?(@.action.result == 'failure' || @.action.type == 'delete')]"))) {
            Map<String, String> withAll = new LinkedHashMap<>(sinks);
            withAll.replaceAll((k, v) -> v.isEmpty() ? null : v);
            Outcome o = run("case-" + sinks.hashCode(), true, withAll);
            assertThat(o.requests())
                    .as("%s", sinks)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.queryParams().keySet())
                            .as("only the paging parameters")
                            .isSubsetOf("since", "before", "direction", "limit", "cursor"));
        }
    }
}
