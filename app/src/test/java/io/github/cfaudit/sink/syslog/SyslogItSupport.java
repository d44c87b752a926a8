package io.github.cfaudit.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.impl.DefaultCamelContext;

/** The real routes against the Cloudflare API simulator, with a syslog sink: what the integration tests share. */
final class SyslogItSupport {
    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String SD_ID = "cfaudit@32473";
    static final String HOSTNAME = "cfaudit-it.example.com";
    static final long PID = ProcessHandle.current().pid();
    static final ObjectMapper MAPPER = new ObjectMapper();

    private SyslogItSupport() {}

    /**
     * After a failed run: nothing of the last hour (where these tests put their entries) is behind the checkpoint. A
     * sliced backfill of the two days' window ({@code start=P2D}) may have committed the empty slice before them.
     */
    static void assertCheckpointBeforeTheEntries(RunSummary r) {
        if (r.watermark() != null) {
            assertThat(r.watermark()).isBefore(Instant.now().minus(Duration.ofHours(2)));
        }
    }

    /** {@code n} realistic account entries over the last hour, added to the simulator; their JSON in time order. */
    static List<String> addEntries(CloudflareApiSimulator sim, SyntheticAuditData data, int n) {
        Instant from = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        List<String> jsons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String json = data.accountEntry(ACCOUNT, from.plusMillis(1_000L * i + 123));
            sim.addAccountEntry(ACCOUNT, json);
            jsons.add(json);
        }
        return jsons;
    }

    /** One account source {@code acct} polling the simulator, state in {@code state}, and the sink {@code siem}. */
    static Map<String, String> properties(CloudflareApiSimulator sim, Path state, Map<String, String> siem) {
        Map<String, String> p = new HashMap<>();
        p.put("cfaudit.api.base-url", sim.baseUrl());
        p.put("cfaudit.api.token", "t");
        p.put("cfaudit.state.directory", state.toString());
        p.put("cfaudit.source.acct.type", "account");
        p.put("cfaudit.source.acct.account-id", ACCOUNT);
        p.put("cfaudit.source.acct.start", "P2D");
        p.put("cfaudit.source.acct.settle", "PT0S");
        p.put("cfaudit.sink.siem.type", "syslog");
        p.put("cfaudit.sink.siem.host", "127.0.0.1");
        p.put("cfaudit.sink.siem.hostname", HOSTNAME);
        siem.forEach((k, v) -> p.put(k.startsWith("cfaudit.") ? k : "cfaudit.sink.siem." + k, v));
        return p;
    }

    /** Builds the routes from the properties alone, as an operator would, and runs every source once. */
    static List<RunSummary> runOnce(Map<String, String> properties) throws Exception {
        AuditConfig config = AuditConfigParser.parse(properties, Map.of());
        CloudflareAuditRoutes routes = CloudflareAuditRoutes.of(config).withoutSchedule();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(routes);
            context.start();
            return routes.runOnce(context);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** rsyslog's {@code $!rfc5424-sd}, which {@code jsonf} writes as a string holding JSON. */
    static JsonNode sd(JsonNode record) {
        String text = record.path("sdparsed").asText();
        return text.isBlank() ? MAPPER.createObjectNode() : json(text).path(SD_ID);
    }

    static String idOf(String entryJson) {
        return json(entryJson).get("id").asText();
    }

    /** Every field of an RFC 5424 message as rsyslog parsed it, against the entry it came from. */
    static void assertRfc5424(JsonNode record, String entryJson, String appName, int facility) {
        JsonNode entry = json(entryJson);
        String result = entry.at("/action/result").asText(null);
        int severity = result == null ? 6 : "success".equals(result) ? 5 : 4;
        assertThat(record.path("version").asText()).as("protocol version").isEqualTo("1");
        assertThat(record.path("pri").asInt()).as("PRI").isEqualTo(facility * 8 + severity);
        assertThat(record.path("facility").asInt()).isEqualTo(facility);
        assertThat(record.path("severity").asInt()).isEqualTo(severity);
        Instant time = OffsetDateTime.parse(entry.at("/action/time").asText())
                .toInstant()
                .truncatedTo(ChronoUnit.MICROS);
        assertThat(OffsetDateTime.parse(record.path("time").asText()).toInstant())
                .as("TIMESTAMP")
                .isEqualTo(time);
        assertThat(record.path("hostname").asText()).isEqualTo(HOSTNAME);
        assertThat(record.path("appname").asText()).isEqualTo(appName);
        assertThat(record.path("procid").asText()).isEqualTo(Long.toString(PID));
        assertThat(record.path("msgid").asText())
                .isEqualTo(entry.at("/action/type").asText());
        JsonNode sd = sd(record);
        assertThat(sd.path("id").asText()).as("SD id").isEqualTo(entry.get("id").asText());
        assertThat(sd.path("source").asText()).as("SD source").isEqualTo("acct");
        if (result != null) {
            assertThat(sd.path("result").asText()).isEqualTo(result);
        }
        assertThat(sd.has("truncated")).isFalse();
        assertThat(record.path("msg").asText()).as("MSG").isEqualTo(entryJson);
    }

    /**
     * Runs the configuration once while the receiver stops after {@code recordsBeforeStop} records of {@code app}
     * arrived and restarts once the sink has failed to deliver twice; asserts that the run completed, that every
     * entry arrived, and that at most one page (page size 10) was repeated.
     */
    static void assertReceiverRestartLosesNothing(
            Rsyslog rsyslog, Map<String, String> properties, String app, int recordsBeforeStop, List<String> entries)
            throws Exception {
        List<RunSummary> runs;
        try (LogCapture log = LogCapture.of(SyslogSink.class)) {
            CompletableFuture<List<RunSummary>> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return runOnce(properties);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> rsyslog.records(app).size() >= recordsBeforeStop);
            assertThat(run).as("the run is still going when the receiver stops").isNotDone();
            rsyslog.stop();
            // down until a page found it down, at least twice
            await().atMost(Duration.ofSeconds(20)).until(() -> log.count("to deliver") >= 2);
            rsyslog.start();
            runs = run.get();
            assertThat(log.count("delivered"))
                    .as("a page delivered on a later attempt")
                    .isPositive();
        }
        assertThat(runs).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE));
        List<String> received = rsyslog.records(app).stream()
                .map(r -> sd(r).path("id").asText())
                .toList();
        Set<String> expected =
                new HashSet<>(entries.stream().map(SyslogItSupport::idOf).toList());
        assertThat(new HashSet<>(received)).isEqualTo(expected);
        assertThat(received.size() - expected.size())
                .as("duplicates: at most the page in flight")
                .isLessThanOrEqualTo(10);
    }
}
