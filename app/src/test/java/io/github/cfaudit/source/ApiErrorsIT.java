package io.github.cfaudit.source;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whatever goes wrong on page 2, page 1 stays committed, nothing after it is, and the next run completes. */
class ApiErrorsIT {
    @Harness
    AuditHarness h;

    Path out;
    final List<String> expected = new ArrayList<>();

    @BeforeEach
    void setUp() {
        h.source("acct", "account", "account-id", ACCOUNT);
        h.set("cfaudit.source.acct.page-size", "10");
        out = h.fileSink("all", null);
        expected.addAll(h.accountEntriesEveryMinute("e%02d", 25, DAY));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "server error|500|text/html|<html><body>Internal Server Error</body></html>|HTTP 500 to GET /accounts/"
                        + "023e105f4ecef8ad9ca31a8372d0c353/logs/audit: Internal Server Error",
                "success false|200|application/json|{\"success\":false,\"errors\":[{\"message\":\"cursor expired\"}],\"result\":null}|success:false to GET",
                "malformed|200|application/json|{\"success\":true,\"result\":[{\"id\":|Malformed page from GET",
                "result missing|200|application/json|{\"success\":true,\"errors\":[]}|no \"result\" array",
                "rate limited|429|application/json|{\"success\":false,\"errors\":[{\"code\":971,\"message\":\"Please wait\"}]}|Please wait (code 971)",
            })
    void aBrokenSecondPageFailsTheRunAfterCommittingTheFirst(
            String name, int status, String type, String body, String message) {
        h.set("cfaudit.api.max-retries", "0");
        h.sim.failRequest(2, status, type, body);
        RunSummary failed = h.runOnceSingle();
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.failure()).contains(message).doesNotContain(AuditHarness.TOKEN);
        assertThat(failed.delivered()).isEqualTo(10);
        assertThat(h.checkpoint("acct").orElseThrow().watermark()).isEqualTo(DAY.plus(Duration.ofMinutes(9)));
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected.subList(0, 10));

        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "server error|500|text/html|<html><body>Internal Server Error</body></html>",
                "bad gateway|502|text/html|<html>bad gateway</html>",
                "success false|200|application/json|{\"success\":false,\"errors\":[{\"message\":\"try again\"}],\"result\":null}",
                "truncated|200|application/json|{\"success\":true,\"result\":[{\"id\":",
            })
    void transientFailuresAreRetriedAndTheRunCompletes(String name, int status, String type, String body) {
        h.sim.failNext(2, status, type, body);
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
        assertThat(h.sim.requests()).hasSize(3 + 2);
    }

    @Test
    void permanentFailuresAreNotRetried() {
        h.set("cfaudit.api.token", "wrong-token-value");
        h.runOnceSingle();
        assertThat(h.sim.requests()).hasSize(1);
    }

    @Test
    void anExpiredCursorRestartsThePageChainFromTheCheckpoint() {
        h.sim.failWhen(
                r -> r.param("cursor") != null,
                1,
                400,
                "application/json",
                "{\"success\":false,\"errors\":[{\"message\":\"invalid cursor\"}],\"result\":null}");
        RunSummary r = h.runOnceSingle();
        assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(out)).containsExactlyElementsOf(expected);
        // page 1, the rejected page 2, page 1 again from the checkpoint (its ids dropped), then pages 2 and 3
        assertThat(h.sim.requests().get(2).param("cursor")).isNull();
        assertThat(h.sim.requests().get(2).param("since")).isEqualTo("2026-11-19T23:59:00Z");
    }

    @Test
    void aWrongTokenFailsWithCloudflaresMessageAndAHintAndCommitsNothing() {
        h.set("cfaudit.api.token", "wrong-token-value");
        RunSummary failed = h.runOnceSingle();
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.failure())
                .contains("HTTP 403")
                .contains("Authentication error")
                .contains("Account Settings Read")
                .doesNotContain("wrong-token-value");
        assertThat(h.checkpoint("acct")).isEmpty();
        assertThat(AuditHarness.lines(out)).isEmpty();
    }

    @Test
    void aSlowResponseTimesOutInsteadOfHanging() {
        h.set("cfaudit.api.max-retries", "0");
        h.set("cfaudit.api.timeout", "PT0.5S");
        h.sim.setResponseDelay(Duration.ofSeconds(3));
        long start = System.nanoTime();
        RunSummary failed = h.runOnceSingle();
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.failure()).containsIgnoringCase("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(h.checkpoint("acct")).isEmpty();
    }

    @Test
    void anUnreachableApiFailsTheRunAfterItsRetries() {
        h.set("cfaudit.api.max-retries", "2");
        h.set("cfaudit.api.base-url", "http://127.0.0.1:1/client/v4");
        RunSummary failed = h.runOnceSingle();
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.failure()).containsIgnoringCase("connect");
        assertThat(h.checkpoint("acct")).isEmpty();
    }
}
