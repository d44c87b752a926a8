package io.github.cfaudit.routing;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each sink's {@code when} selects its entries: Simple on the body, JsonPath, and headers. */
class PredicatesIT {
    @Harness
    AuditHarness h;

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.source("zone", "insight", "zone-id", ZONE);
        h.sim.addAccountEntry(
                ACCOUNT, Entries.audit("ok-1", DAY.plusSeconds(1), "update", "success", "alice@example.com"));
        h.sim.addAccountEntry(
                ACCOUNT, Entries.audit("fail-1", DAY.plusSeconds(2), "delete", "failure", "bob@example.com"));
        h.sim.addAccountEntry(
                ACCOUNT, Entries.audit("ok-2", DAY.plusSeconds(3), "create", "success", "bob@example.com"));
        h.sim.addAccountEntry(
                ACCOUNT, Entries.audit("fail-2", DAY.plusSeconds(4), "update", "failure", "alice@example.com"));
        h.sim.addInsightEntry(
                "zones",
                ZONE,
                Entries.insight("019b0000-0000-7000-8000-000000000001", DAY.plusSeconds(5), "i1", "status"));
    }

    @Test
    void simpleJsonPathAndHeaderPredicatesEachSelectTheirEntries() {
        Path all = h.fileSink("all", null);
        Path simple = h.fileSink(
                "simple", "${header.CloudflareAuditSourceType} != 'insight' && ${body[action][result]} == 'failure'");
        Path jsonPath = h.fileSink("jsonpath", "jsonpath:$[?(@.actor.email == 'bob@example.com')]");
        Path header = h.fileSink("header", "${header.CloudflareAuditSource} == 'zone'");
        assertThat(h.runOnce()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE));
        assertThat(AuditHarness.ids(all))
                .containsExactlyInAnyOrder("ok-1", "fail-1", "ok-2", "fail-2", "019b0000-0000-7000-8000-000000000001");
        assertThat(AuditHarness.ids(simple)).containsExactly("fail-1", "fail-2");
        assertThat(AuditHarness.ids(jsonPath)).containsExactly("fail-1", "ok-2");
        assertThat(AuditHarness.ids(header)).containsExactly("019b0000-0000-7000-8000-000000000001");
    }

    @Test
    void aPredicateThatCannotBeEvaluatedOnAnEntryDoesNotSelectItAndDoesNotStopTheSource() {
        // insight changes have no action: ${body[action][result]} cannot be evaluated on them
        Path failures = h.fileSink("failures", "${body[action][result]} == 'failure'");
        Path all = h.fileSink("all", null);
        for (RunSummary r : h.runOnce()) {
            assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        }
        assertThat(AuditHarness.ids(failures)).containsExactly("fail-1", "fail-2");
        assertThat(AuditHarness.ids(all)).hasSize(5);
    }
}
