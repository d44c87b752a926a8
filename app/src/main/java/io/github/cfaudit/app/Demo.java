package io.github.cfaudit.app;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code --demo}: the built-in Cloudflare API simulator with a day of synthetic history for one organization, one
 * account and one account's insights, new entries arriving every two seconds, and a configuration pointing at it
 * that writes to {@code demo-out/}.
 */
final class Demo implements AutoCloseable {
    private static final String TOKEN = "demo-token-not-a-secret";
    private static final String ORG = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final int HISTORY = 2000;

    private final Path out;
    private final CloudflareApiSimulator simulator;
    private final ScheduledExecutorService arrivals;

    private Demo(Path out, CloudflareApiSimulator simulator, ScheduledExecutorService arrivals) {
        this.out = out;
        this.simulator = simulator;
        this.arrivals = arrivals;
    }

    static Demo start(Path out) throws IOException {
        deleteRecursively(out);
        CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken(TOKEN);
        SyntheticAuditData data = new SyntheticAuditData();
        Instant now = Instant.now();
        data.populateOrganization(sim, ORG, HISTORY, now.minus(Duration.ofHours(23)), now.minusSeconds(5));
        data.populateAccount(sim, ACCOUNT, HISTORY, now.minus(Duration.ofHours(23)), now.minusSeconds(5));
        List<String> issues = List.of(data.newIssueId(), data.newIssueId(), data.newIssueId());
        data.populateInsights(
                sim, "accounts", ACCOUNT, issues, HISTORY / 4, now.minus(Duration.ofHours(23)), now.minusSeconds(5));
        ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-arrivals");
            t.setDaemon(true);
            return t;
        });
        arrivals.scheduleAtFixedRate(
                () -> {
                    Instant t = Instant.now().minusMillis(500);
                    sim.addOrganizationEntry(ORG, data.organizationEntry(ORG, t));
                    sim.addAccountEntry(ACCOUNT, data.accountEntry(ACCOUNT, t));
                    sim.addAccountEntry(ACCOUNT, data.accountEntry(ACCOUNT, t.minusSeconds(3)));
                },
                2,
                2,
                TimeUnit.SECONDS);
        Demo demo = new Demo(out.toAbsolutePath(), sim, arrivals);
        System.out.println("Demo: Cloudflare API simulator at " + sim.baseUrl() + " with " + sim.size()
                + " synthetic entries; new ones arrive every 2 s.");
        System.out.println("Demo: writing NDJSON to " + demo.out + "/all (every entry), " + demo.out
                + "/failures (failed actions) and " + demo.out + "/insights (insight changes); checkpoints in "
                + demo.out + "/state. Health: http://localhost:9876/observe/health, metrics: "
                + "http://localhost:9876/observe/metrics. Ctrl-C to stop.");
        return demo;
    }

    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cfaudit.api.base-url", simulator.baseUrl());
        p.put("cfaudit.api.token", TOKEN);
        p.put("cfaudit.state.directory", out.resolve("state").toString());
        source(p, "demo-org", "organization", "organization-id", ORG);
        source(p, "demo-account", "account", "account-id", ACCOUNT);
        source(p, "demo-insights", "insight", "account-id", ACCOUNT);
        p.put("cfaudit.sink.all.type", "file");
        p.put("cfaudit.sink.all.directory", out.resolve("all").toString());
        p.put("cfaudit.sink.failures.type", "file");
        p.put("cfaudit.sink.failures.directory", out.resolve("failures").toString());
        p.put("cfaudit.sink.failures.when", "jsonpath:$[?(@.action.result == 'failure')]");
        p.put("cfaudit.sink.insights.type", "file");
        p.put("cfaudit.sink.insights.directory", out.resolve("insights").toString());
        p.put("cfaudit.sink.insights.when", "${header.CloudflareAuditSourceType} == 'insight'");
        return p;
    }

    private static void source(Map<String, String> p, String name, String type, String idKey, String id) {
        String k = "cfaudit.source." + name + ".";
        p.put(k + "type", type);
        p.put(k + idKey, id);
        p.put(k + "schedule", "0/5 * * * * ?");
        p.put(k + "start", "P1D");
        p.put(k + "settle", "PT2S");
        p.put(k + "lookback", "PT1M");
    }

    @Override
    public void close() {
        arrivals.shutdownNow();
        simulator.close();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
