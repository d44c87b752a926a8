package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.V1Fragment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The v1 sources on one token against a server that fails about 20% of requests in mixed ways, enforces a tight rate
 * limit and answers 400 past the last page of a query without totals: every entry arrives exactly once, no request is
 * sent inside a Retry-After window, and every request conforms to the v1 fragment.
 */
class AuditLogsV1FaultsIT {
    @Harness
    AuditHarness h;

    @Test
    void everyEntryExactlyOnceUnderMixedFaultsAndATightRateLimit() {
        SyntheticAuditData data = new SyntheticAuditData(13);
        Instant from = Instant.now().minus(Duration.ofHours(6));
        Instant to = Instant.now().minus(Duration.ofMinutes(5));
        List<String> expected = new ArrayList<>();
        expected.addAll(data.populateAccountV1(h.sim, ACCOUNT, 2000, from, to));
        expected.addAll(data.populateUser(h.sim, TOKEN, 1500, from, to));
        h.source("acct-v1", "account-v1", "account-id", ACCOUNT);
        h.source("me", "user-v1");
        for (String s : List.of("acct-v1", "me")) {
            h.set("cfaudit.source." + s + ".start", "P1D");
            h.set("cfaudit.source." + s + ".page-size", "50");
            h.set("cfaudit.source." + s + ".schedule", "* * * * * ?");
        }
        Path out = h.fileSink("all", null);

        h.sim.setV1Totals(false);
        h.sim.setRateLimit(20, Duration.ofSeconds(1));
        h.sim.injectTransientFaults(0.2, 7);

        FaultScenario.runUntilDelivered(h, out, expected);
        List<RecordedRequest> requests = h.sim.requests();
        requests.forEach(V1Fragment::assertConforms);
        assertThat(requests).as("pages past the end answered 400").anyMatch(r -> r.status() == 400);
        FaultScenario.assertRetryAfterHonoured(requests);
    }
}
