package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static io.github.cfaudit.testing.AuditHarness.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three sources on one token, a server that fails about 20% of requests in mixed ways and enforces a tight rate
 * limit: every entry arrives exactly once, and no request is sent inside a Retry-After window.
 */
class FaultsIT {
    @Harness
    AuditHarness h;

    @Test
    void everyEntryExactlyOnceUnderMixedFaultsAndATightRateLimit() {
        SyntheticAuditData data = new SyntheticAuditData(11);
        Instant from = Instant.now().minus(Duration.ofHours(6));
        Instant to = Instant.now().minus(Duration.ofMinutes(5));
        List<String> expected = new ArrayList<>();
        expected.addAll(data.populateOrganization(h.sim, ORG, 2000, from, to));
        expected.addAll(data.populateAccount(h.sim, ACCOUNT, 2000, from, to));
        for (int i = 0; i < 1000; i++) {
            String id = String.format("019b0000-0000-7000-8000-%012d", i);
            h.sim.addInsightEntry(
                    "zones",
                    ZONE,
                    io.github.cfaudit.testing.Entries.insight(id, from.plusSeconds(i * 7L), "i1", "status"));
            expected.add(id);
        }
        for (String[] s : new String[][] {
            {"org", "organization", "organization-id", ORG},
            {"acct", "account", "account-id", ACCOUNT},
            {"zone", "insight", "zone-id", ZONE}
        }) {
            h.source(s[0], s[1], s[2], s[3]);
            h.set("cfaudit.source." + s[0] + ".start", "P1D");
            h.set("cfaudit.source." + s[0] + ".page-size", "100");
            h.set("cfaudit.source." + s[0] + ".schedule", "* * * * * ?");
        }
        Path out = h.fileSink("all", null);

        // the server: 20 requests per second, and one request in five broken (429, 500, 502, 503, reset mid-body,
        // truncated JSON, success:false); the default retries suffice, as they count per page
        h.sim.setRateLimit(20, Duration.ofSeconds(1));
        h.sim.injectTransientFaults(0.2, 5);

        FaultScenario.runUntilDelivered(h, out, expected);
        List<RecordedRequest> requests = h.sim.requests();
        long failed = requests.stream().filter(r -> r.status() != 200).count();
        assertThat(failed).as("failed requests of " + requests.size()).isGreaterThan(requests.size() / 10);
        FaultScenario.assertRetryAfterHonoured(requests);
    }
}
