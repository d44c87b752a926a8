package io.github.cfaudit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.testing.AuditHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;

/** What the fault scenarios share: running the configured routes until the file sink has every entry, and the Retry-After check. */
final class FaultScenario {
    private FaultScenario() {}

    /**
     * Runs the harness's configuration in a Camel context until {@code out} holds at least {@code expected} ids (at
     * most 90 s), then asserts that every expected id arrived exactly once.
     */
    static void runUntilDelivered(AuditHarness h, Path out, List<String> expected) {
        CloudflareAuditRoutes routes = CloudflareAuditRoutes.of(AuditConfigParser.parse(h.properties(), Map.of()));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(routes);
            context.start();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> AuditHarness.idsSoFar(out).size() >= expected.size());
            context.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(AuditHarness.ids(out)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Asserts that the scenario produced 429s (each with a one-second Retry-After) and that no request was sent
     * inside the pause any of them asked for.
     */
    static void assertRetryAfterHonoured(List<RecordedRequest> requests) {
        List<RecordedRequest> limited =
                requests.stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).as("the scenario produced 429s").isNotEmpty();
        for (RecordedRequest tooMany : limited) {
            Instant pausedUntil = tooMany.receivedAt().plusSeconds(1);
            assertThat(requests)
                    .as("requests inside the Retry-After window after %s", tooMany.receivedAt())
                    .noneMatch(r -> r.receivedAt().isAfter(tooMany.receivedAt())
                            && r.receivedAt().isBefore(pausedUntil));
        }
    }
}
