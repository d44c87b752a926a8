package io.github.cfaudit.connection;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Harness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three tenants, three connections with three tokens, each token valid only for its own organization or account (the
 * simulator checks it), all three sources running at once. The third token has a tight server-side limit: its
 * sources get 429s and wait their Retry-After, while the other two are not slowed at all.
 */
class MultiTenantIT {
    private static final String ACCOUNT_C = "c0ffee00c0ffee00c0ffee00c0ffee00";
    private static final String TOKEN_A = "tok-tenant-a-41c2";
    private static final String TOKEN_B = "tok-tenant-b-9e07";
    private static final String TOKEN_C = "tok-tenant-c-55ab";

    @Harness
    AuditHarness h;

    @BeforeEach
    void setUp() {
        h.sim.acceptToken(TOKEN_A, ORG).acceptToken(TOKEN_B, ACCOUNT).acceptToken(TOKEN_C, ACCOUNT_C);
        connection("tenant-a", TOKEN_A);
        connection("tenant-b", TOKEN_B);
        connection("tenant-c", TOKEN_C);
        h.source("org-a", "organization", "organization-id", ORG).set("cfaudit.source.org-a.connection", "tenant-a");
        h.source("acct-b", "account", "account-id", ACCOUNT).set("cfaudit.source.acct-b.connection", "tenant-b");
        h.source("acct-c", "account", "account-id", ACCOUNT_C).set("cfaudit.source.acct-c.connection", "tenant-c");
        for (String s : List.of("org-a", "acct-b", "acct-c")) {
            h.set("cfaudit.source." + s + ".page-size", "10");
        }
        h.set("cfaudit.connection.tenant-c.max-retries", "20");
        h.fileSink("all", null);
        for (int i = 0; i < 60; i++) {
            Instant t = DAY.plus(Duration.ofMinutes(60 + i));
            h.sim.addOrganizationEntry(ORG, Entries.audit("a" + i, t));
            h.sim.addAccountEntry(ACCOUNT, Entries.audit("b" + i, t));
        }
        for (int i = 0; i < 30; i++) {
            h.sim.addAccountEntry(ACCOUNT_C, Entries.audit("c" + i, DAY.plus(Duration.ofMinutes(60 + i))));
        }
    }

    private void connection(String name, String token) {
        h.set("cfaudit.connection." + name + ".token", token);
        h.set("cfaudit.connection." + name + ".base-url", h.sim.baseUrl());
    }

    @Test
    void aRateLimitedTokenPausesOnlyItsOwnSources() throws Exception {
        CloudflareAuditRoutes routes = h.routes();
        Map<String, Instant> finished = new ConcurrentHashMap<>();
        List<RunSummary> summaries;
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(routes);
            context.start();
            // a tight limit for tenant C's token only, three requests per two seconds, which another tool on that
            // token has just used up: tenant C's first request meets a 429
            h.sim.setRateLimit(TOKEN_C, 3, Duration.ofSeconds(2));
            useUpTheLimitOf(TOKEN_C, 3);
            try (ProducerTemplate producer = context.createProducerTemplate()) {
                List<CompletableFuture<RunSummary>> runs = new ArrayList<>();
                for (String source : List.of("org-a", "acct-b", "acct-c")) {
                    runs.add(CompletableFuture.supplyAsync(() -> {
                        RunSummary summary = routes.run(context, source);
                        finished.put(source, Instant.now());
                        return summary;
                    }));
                }
                summaries = new ArrayList<>();
                for (CompletableFuture<RunSummary> run : runs) {
                    summaries.add(run.get(60, TimeUnit.SECONDS));
                }
            }
        }
        assertThat(summaries)
                .allSatisfy(s -> assertThat(s)
                        .isNotNull()
                        .extracting(RunSummary::outcome)
                        .isEqualTo(RunOutcome.COMPLETE));

        // every entry exactly once
        List<String> ids = AuditHarness.ids(h.dir.resolve("out-all"));
        assertThat(ids).hasSize(150).doesNotHaveDuplicates();
        assertThat(ids)
                .containsAll(h.sim.organizationIds(ORG))
                .containsAll(h.sim.accountIds(ACCOUNT))
                .containsAll(h.sim.accountIds(ACCOUNT_C));

        List<RecordedRequest> a = requestsWith(TOKEN_A);
        List<RecordedRequest> b = requestsWith(TOKEN_B);
        List<RecordedRequest> c = requestsWith(TOKEN_C);
        // each token only ever asked for its own tenant's log, and tenants A and B never met a limit
        assertThat(a).isNotEmpty().allSatisfy(r -> assertThat(r.path()).contains(ORG));
        assertThat(b).isNotEmpty().allSatisfy(r -> assertThat(r.path()).contains(ACCOUNT));
        assertThat(c).isNotEmpty().allSatisfy(r -> assertThat(r.path()).contains(ACCOUNT_C));
        assertThat(a).extracting(RecordedRequest::status).containsOnly(200);
        assertThat(b).extracting(RecordedRequest::status).containsOnly(200);

        // tenant C was limited, and never sent a request inside a Retry-After it was given, nor while the server said
        // none were left (Ratelimit r=0)
        List<RecordedRequest> limited =
                c.stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).isNotEmpty();
        for (RecordedRequest paused : c.stream()
                .filter(r -> r.status() == 429 || r.responseHeader("Ratelimit").contains(";r=0;"))
                .toList()) {
            Instant pauseEnd = paused.receivedAt()
                    .plusSeconds(
                            paused.status() == 429
                                    ? Long.parseLong(paused.responseHeader("Retry-After"))
                                    : Long.parseLong(
                                            paused.responseHeader("Ratelimit").replaceAll(".*;t=", "")));
            assertThat(c)
                    .filteredOn(r -> r.receivedAt().isAfter(paused.receivedAt())
                            && r.receivedAt().isBefore(pauseEnd))
                    .as("tenant C requests inside the pause of its answer at %s", paused.receivedAt())
                    .isEmpty();
        }
        // ... while tenants A and B went on: both were done before tenant C's first pause ended
        RecordedRequest first429 = limited.get(0);
        Instant firstPauseEnd =
                first429.receivedAt().plusSeconds(Long.parseLong(first429.responseHeader("Retry-After")));
        assertThat(finished.get("org-a")).isBefore(firstPauseEnd);
        assertThat(finished.get("acct-b")).isBefore(firstPauseEnd);
        assertThat(finished.get("acct-c")).isAfter(firstPauseEnd);
        assertThat(routes.rateBudget("tenant-a").requests()).isEqualTo(a.size());
        assertThat(routes.rateBudget("tenant-c").requests()).isEqualTo(c.size());
    }

    /** Another tool on the same token: plain requests that count against its server-side limit. */
    private void useUpTheLimitOf(String token, int requests) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < requests; i++) {
            HttpResponse<Void> r = client.send(
                    HttpRequest.newBuilder(URI.create(h.sim.baseUrl() + "/user/tokens/verify"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    /** The audit-log requests of a token, in arrival order. */
    private List<RecordedRequest> requestsWith(String token) {
        return h.sim.requests().stream()
                .filter(r -> ("Bearer " + token).equals(r.header("Authorization")))
                .filter(r -> r.path().endsWith("/logs/audit"))
                .sorted(java.util.Comparator.comparing(RecordedRequest::receivedAt))
                .toList();
    }
}
