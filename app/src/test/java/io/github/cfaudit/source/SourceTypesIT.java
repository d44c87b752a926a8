package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static io.github.cfaudit.testing.AuditHarness.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every source type end to end: the right endpoint, every entry once, byte for byte, in event-time order. */
class SourceTypesIT {
    @Harness
    AuditHarness h;

    final SyntheticAuditData data = new SyntheticAuditData(7);
    final Instant from = DAY.plus(Duration.ofHours(1));
    final Instant to = DAY.plus(Duration.ofHours(11));

    @Test
    void organizationAuditLogs() {
        List<String> ids = data.populateOrganization(h.sim, ORG, 2500, from, to);
        h.source("org", "organization", "organization-id", ORG);
        Path out = h.fileSink("all", null);
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(ids);
        assertThat(h.sim.requests())
                .allSatisfy(r -> assertThat(r.path()).isEqualTo("/client/v4/organizations/" + ORG + "/logs/audit"));
        assertThat(h.sim.requests().get(0).param("limit")).isEqualTo("1000");
    }

    @Test
    void accountAuditLogsAreWrittenExactlyAsReturned() {
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String json = data.accountEntry(ACCOUNT, from.plusSeconds(i * 60L));
            h.sim.addAccountEntry(ACCOUNT, json);
            raw.add(json);
        }
        h.source("acct", "account", "account-id", ACCOUNT);
        Path out = h.fileSink("all", null);
        h.runOnceSingle();
        assertThat(AuditHarness.lines(out)).containsExactlyElementsOf(raw);
    }

    @Test
    void insightsOfAZoneAndOfOneIssue() {
        List<String> issueA = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String issue = i % 2 == 0 ? "issue-a" : "issue-b";
            String id = String.format("019b0000-0000-7000-8000-%012d", i);
            h.sim.addInsightEntry("zones", ZONE, Entries.insight(id, from.plusSeconds(i), issue, "status"));
            h.sim.addInsightEntry("accounts", ACCOUNT, Entries.insight(id, from.plusSeconds(i), issue, "status"));
            all.add(id);
            if (issue.equals("issue-a")) {
                issueA.add(id);
            }
        }
        h.source("zone-insights", "insight", "zone-id", ZONE);
        h.source("issue-a", "insight", "account-id", ACCOUNT);
        h.set("cfaudit.source.issue-a.issue-id", "issue-a");
        h.set("cfaudit.source.zone-insights.page-size", "7");
        Path zone = h.fileSink("zone", "${header.CloudflareAuditSource} == 'zone-insights'");
        Path one = h.fileSink("one", "${header.CloudflareAuditSource} == 'issue-a'");
        assertThat(h.runOnce()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE));
        assertThat(AuditHarness.ids(zone)).containsExactlyElementsOf(all);
        assertThat(AuditHarness.ids(one)).containsExactlyElementsOf(issueA);
        assertThat(h.sim.requests())
                .extracting(r -> r.path())
                .contains(
                        "/client/v4/zones/" + ZONE + "/security-center/insights/audit-log",
                        "/client/v4/accounts/" + ACCOUNT + "/security-center/insights/issue-a/audit-log");
        assertThat(h.sim.requests().get(0).queryParams())
                .containsKeys("per_page", "order", "since", "before")
                .doesNotContainKeys("limit", "direction");
    }

    @Test
    void entryExchangesCarryTheDocumentedHeaders() {
        h.sim.addAccountEntry(ACCOUNT, Entries.audit("e1", from));
        h.source("acct", "account", "account-id", ACCOUNT);
        h.fileSink("all", null);
        h.set("cfaudit.sink.stream.type", "endpoint");
        h.set("cfaudit.sink.stream.uri", "direct:stream");
        List<Map<String, Object>> headers = new CopyOnWriteArrayList<>();
        h.withRoute("direct:stream", e -> headers.add(e.getMessage().getHeaders()));
        h.runOnceSingle();
        assertThat(headers).hasSize(1);
        assertThat(headers.get(0))
                .containsEntry("CloudflareAuditSource", "acct")
                .containsEntry("CloudflareAuditSourceType", "account")
                .containsEntry("CloudflareAuditEntryId", "e1")
                .containsEntry("CloudflareAuditTime", from)
                .doesNotContainKeys("Authorization", "CamelHttpResponseCode", "CamelHttpQuery");
    }
}
