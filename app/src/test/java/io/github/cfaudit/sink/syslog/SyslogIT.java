package io.github.cfaudit.sink.syslog;

import static io.github.cfaudit.sink.syslog.SyslogItSupport.ACCOUNT;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.HOSTNAME;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.PID;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.addEntries;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.assertCheckpointBeforeTheEntries;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.assertReceiverRestartLosesNothing;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.assertRfc5424;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.json;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.properties;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.runOnce;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.sd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.Simulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The syslog sink over TCP and UDP, end to end: the real routes poll the API simulator and send to a real rsyslogd,
 * and every assertion is on what rsyslog parsed. Needs rsyslogd; skipped with a message where it is absent.
 */
@Tag("rsyslog")
class SyslogIT {
    private static final int LOCAL0 = 16;

    @Rsyslogd
    static Rsyslog rsyslog;

    @TempDir
    Path dir;

    @Simulator(token = "t")
    CloudflareApiSimulator sim;

    private final SyntheticAuditData data = new SyntheticAuditData(20240506);

    private Map<String, String> props(Map<String, String> siem) {
        return properties(sim, dir.resolve("state"), siem);
    }

    private List<JsonNode> awaitRecords(String app, int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> rsyslog.records(app).size() >= n);
        return rsyslog.records(app);
    }

    private static SyslogSink checkedSink(Map<String, String> options) throws Exception {
        return new SyslogSink("siem", SyslogFixtures.settings(options));
    }

    @Test
    void checkOpensAndClosesATcpConnectionWithoutSendingAMessage() throws Exception {
        int before = rsyslog.records().size();
        try (SyslogSink sink = checkedSink(Map.of("protocol", "tcp", "port", "" + rsyslog.tcpPort()))) {
            assertThat(sink.check())
                    .isEqualTo("tcp connection to 127.0.0.1:" + rsyslog.tcpPort() + " established (nothing sent)");
        }
        // nothing may arrive: the count must stay where it was for a while
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> rsyslog.records().size() == before);
    }

    @Test
    void checkOfAClosedPortSaysTheConnectionWasRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (SyslogSink sink = checkedSink(Map.of("protocol", "tcp", "port", "" + closed))) {
            assertThatThrownBy(sink::check)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("syslog sink siem (tcp://127.0.0.1:" + closed + ")")
                    .hasMessageContaining("connection to 127.0.0.1:" + closed + " refused")
                    .hasMessageContaining("check host and port");
        }
    }

    @Test
    void checkOverUdpOnlyResolvesTheHost() throws Exception {
        try (SyslogSink sink =
                checkedSink(Map.of("protocol", "udp", "host", "localhost", "port", "" + rsyslog.udpPort()))) {
            assertThat(sink.check())
                    .matches("udp: localhost resolves to (127\\.0\\.0\\.1|::1); delivery cannot be "
                            + "verified over UDP");
        }
        try (SyslogSink sink = checkedSink(Map.of("protocol", "udp", "host", "no-such-host.invalid"))) {
            assertThatThrownBy(sink::check).hasMessageContaining("host 'no-such-host.invalid' does not resolve");
        }
    }

    @Test
    void rfc5424OverTcpWithOctetCountingEveryFieldParsed() throws Exception {
        List<String> entries = addEntries(sim, data, 40);
        List<RunSummary> runs = runOnce(props(
                Map.of("port", "" + rsyslog.tcpPort(), "app-name", "octet", "cfaudit.source.acct.page-size", "10")));
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE);
            assertThat(r.perSink()).containsEntry("siem", 40L);
        });
        List<JsonNode> records = awaitRecords("octet", 40);
        assertThat(records).hasSize(40);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(records.get(i).path("input").asText()).isEqualTo("tcp");
            assertRfc5424(records.get(i), entries.get(i), "octet", LOCAL0);
        }
        assertThat(records).extracting(r -> r.path("severity").asInt()).contains(4, 5);
    }

    @Test
    void lfFraming() throws Exception {
        List<String> entries = addEntries(sim, data, 12);
        assertThat(runOnce(props(Map.of(
                        "port", "" + rsyslog.tcpPort(), "app-name", "lf", "framing", "lf", "facility", "audit"))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        List<JsonNode> records = awaitRecords("lf", 12);
        assertThat(records).hasSize(12);
        for (int i = 0; i < entries.size(); i++) {
            assertRfc5424(records.get(i), entries.get(i), "lf", 13);
        }
    }

    @Test
    void udp() throws Exception {
        List<String> entries = addEntries(sim, data, 15);
        assertThat(runOnce(props(Map.of("protocol", "udp", "port", "" + rsyslog.udpPort(), "app-name", "udp"))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        List<JsonNode> records = awaitRecords("udp", 15);
        assertThat(records).hasSize(15).allMatch(r -> r.path("input").asText().equals("udp"));
        for (int i = 0; i < entries.size(); i++) {
            assertRfc5424(records.get(i), entries.get(i), "udp", LOCAL0);
        }
    }

    @Test
    void rfc3164ForOldReceivers() throws Exception {
        List<String> entries = addEntries(sim, data, 10);
        assertThat(runOnce(props(Map.of(
                        "port", "" + rsyslog.tcpPort(), "app-name", "legacy", "format", "rfc3164", "framing", "lf"))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        List<JsonNode> records = awaitRecords("legacy", 10);
        assertThat(records).hasSize(10);
        DateTimeFormatter monthDayTime = DateTimeFormatter.ofPattern("MM-dd'T'HH:mm:ss");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode r = records.get(i);
            JsonNode entry = json(entries.get(i));
            int severity = "success".equals(entry.at("/action/result").asText()) ? 5 : 4;
            assertThat(r.path("pri").asInt()).isEqualTo(LOCAL0 * 8 + severity);
            assertThat(r.path("hostname").asText()).isEqualTo(HOSTNAME);
            assertThat(r.path("appname").asText()).isEqualTo("legacy");
            assertThat(r.path("procid").asText()).isEqualTo(Long.toString(PID));
            // RFC 3164 has no year and no zone: we send UTC; rsyslog adds its own year and zone.
            Instant time = Instant.parse(entry.at("/action/time").asText());
            assertThat(r.path("time").asText().substring(5, 19))
                    .isEqualTo(monthDayTime.format(time.atOffset(ZoneOffset.UTC)));
            // rsyslog keeps the space after "TAG:" as the first character of MSG.
            assertThat(r.path("msg").asText().stripLeading()).isEqualTo(entries.get(i));
        }
    }

    @ParameterizedTest(name = "framing={0}")
    @ValueSource(strings = {"octet-counting", "lf"})
    void hostileContentArrivesIntactAndTheHugeEntryTruncatedButValid(String framing) throws Exception {
        String app = "hostile-" + framing;
        Instant t = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        List<String> entries = new ArrayList<>();
        entries.add(entry(
                "q\\\"uo]te\\\\d-" + framing,
                t,
                "update",
                "failure",
                "line1\\nline2\\r\\nend \\\"quoted\\\" [bracket] ]] \\\\ back\\tslash"));
        entries.add(entry(
                "unicode-" + framing,
                t.plusSeconds(1),
                "update",
                "success",
                "Ünïcödé ✓ 日本語 🔒🚀 \\u2028sep\\u2029 \\u0000nul"));
        entries.add(entry(
                "sd-lookalike-" + framing,
                t.plusSeconds(2),
                "cre ate]",
                "success",
                "[cfaudit@32473 id=\\\"forged\\\"] <13>1 - - - - -"));
        String huge = "A".repeat(100 * 1024);
        entries.add(entry("huge-" + framing, t.plusSeconds(3), "create", "success", huge));
        entries.forEach(e -> sim.addAccountEntry(ACCOUNT, e));

        assertThat(runOnce(props(Map.of("port", "" + rsyslog.tcpPort(), "app-name", app, "framing", framing))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        List<JsonNode> records = awaitRecords(app, 4);
        assertThat(records).hasSize(4);

        assertThat(sd(records.get(0)).path("id").asText()).isEqualTo("q\"uo]te\\d-" + framing);
        assertThat(json(records.get(0).path("msg").asText())
                        .at("/action/description")
                        .asText())
                .isEqualTo("line1\nline2\r\nend \"quoted\" [bracket] ]] \\ back\tslash");
        assertThat(records.get(0).path("msg").asText()).isEqualTo(entries.get(0));
        assertThat(records.get(1).path("msg").asText()).isEqualTo(entries.get(1));
        assertThat(json(records.get(1).path("msg").asText())
                        .at("/action/description")
                        .asText())
                .isEqualTo("Ünïcödé ✓ 日本語 🔒🚀 \u2028sep\u2029 \u0000nul");
        assertThat(sd(records.get(2)).path("id").asText()).isEqualTo("sd-lookalike-" + framing);
        assertThat(records.get(2).path("msgid").asText()).isEqualTo("cre_ate]");
        assertThat(records.get(2).path("msg").asText()).isEqualTo(entries.get(2));

        JsonNode big = records.get(3);
        assertThat(sd(big).path("id").asText()).isEqualTo("huge-" + framing);
        assertThat(sd(big).path("truncated").asText()).isEqualTo("true");
        assertThat(sd(big).path("original-bytes").asInt())
                .isEqualTo(entries.get(3).getBytes(StandardCharsets.UTF_8).length);
        JsonNode cut = json(big.path("msg").asText());
        assertThat(cut.get("id").asText()).isEqualTo("huge-" + framing);
        assertThat(cut.at("/action/time").asText())
                .isEqualTo(json(entries.get(3)).at("/action/time").asText());
        assertThat(cut.at("/action/description").asText())
                .startsWith("AAAA")
                .endsWith(" bytes]")
                .contains("...[truncated ");
        assertThat(cut.at("/_cfaudit/truncated").asBoolean()).isTrue();
        assertThat(big.path("msg").asText().getBytes(StandardCharsets.UTF_8).length)
                .isLessThan(8192);
    }

    @Test
    void aTruncatedEntryKeepsEveryValueThatWasNotCutAsSent() throws Exception {
        String app = "numbers";
        Instant t = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        String request = "{\"nested\": [0, -1, 9007199254740993, 1.25e+300, true, null], \"note\": \"caf\\u00e9 \\/\", "
                + "\"body\": \"" + "B".repeat(20_000) + "\"}";
        String entry = "{\"id\":\"numbers-1\",\"action\":{\"result\":\"success\",\"time\":\"" + t
                + "\",\"type\":\"update\"}," + "\"resource\":{\"request\":" + request
                + ",\"type\":\"dns\"},\"account\":{\"id\":\"" + ACCOUNT + "\"}}";
        sim.addAccountEntry(ACCOUNT, entry);

        assertThat(runOnce(props(Map.of("port", "" + rsyslog.tcpPort(), "app-name", app))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        JsonNode record = awaitRecords(app, 1).get(0);

        String msg = record.path("msg").asText();
        assertThat(sd(record).path("truncated").asText()).isEqualTo("true");
        assertThat(msg)
                .contains("\"request\":{\"nested\": [0, -1, 9007199254740993, 1.25e+300, true, null], "
                        + "\"note\": \"caf\\u00e9 \\/\", \"body\": \"BBBB");
        assertThat(msg)
                .contains(" bytes]\"},\"type\":\"dns\"},\"account\":{\"id\":\"" + ACCOUNT + "\"},\"_cfaudit\":{");
        assertThat(json(msg).at("/resource/request/nested/3").decimalValue()).isEqualByComparingTo("1.25e+300");
        assertThat(msg.getBytes(StandardCharsets.UTF_8).length).isLessThan(8192);
    }

    @Test
    void oversizeRejectFailsLoudlyAndSendsNothingOfThePage() throws Exception {
        Instant t = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        sim.addAccountEntry(ACCOUNT, entry("small-1", t, "create", "success", "ok"));
        sim.addAccountEntry(ACCOUNT, entry("too-big-1", t.plusSeconds(1), "create", "success", "B".repeat(20_000)));
        List<RunSummary> runs =
                runOnce(props(Map.of("port", "" + rsyslog.tcpPort(), "app-name", "reject", "oversize", "reject")));
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(r.failure()).contains("entry too-big-1 of source acct").contains("max-message-size 8192");
            assertCheckpointBeforeTheEntries(r);
        });
        // the same page again, after the operator raised the limit
        assertThat(runOnce(props(Map.of(
                        "port",
                        "" + rsyslog.tcpPort(),
                        "app-name",
                        "reject",
                        "oversize",
                        "reject",
                        "max-message-size",
                        "32768"))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        List<JsonNode> records = awaitRecords("reject", 2);
        assertThat(records).extracting(r -> sd(r).path("id").asText()).containsExactly("small-1", "too-big-1");
        assertThat(json(records.get(1).path("msg").asText())
                        .at("/action/description")
                        .asText())
                .hasSize(20_000);
    }

    @Test
    void predicatesSelectWhatGoesToSyslogAndTheRestStillGoesToFiles() throws Exception {
        List<String> entries = new ArrayList<>(addEntries(sim, data, 30));
        Instant t = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            String failure = entry("forced-failure-" + i, t.plusSeconds(i), "delete", "failure", "Delete Zone");
            sim.addAccountEntry(ACCOUNT, failure);
            entries.add(failure);
        }
        Map<String, String> p = new HashMap<>(props(Map.of(
                "port",
                "" + rsyslog.tcpPort(),
                "app-name",
                "failures",
                "when",
                "${body[action][result]} == 'failure'")));
        p.put("cfaudit.sink.all.type", "file");
        p.put("cfaudit.sink.all.directory", dir.resolve("files").toString());
        assertThat(runOnce(p)).allMatch(r -> r.outcome() == RunOutcome.COMPLETE);

        List<String> failures = entries.stream()
                .filter(e -> json(e).at("/action/result").asText().equals("failure"))
                .toList();
        List<JsonNode> records = awaitRecords("failures", failures.size());
        assertThat(records).hasSize(failures.size());
        for (int i = 0; i < failures.size(); i++) {
            assertRfc5424(records.get(i), failures.get(i), "failures", LOCAL0);
        }
        assertThat(fileLines(dir.resolve("files"))).containsExactlyInAnyOrderElementsOf(entries);
    }

    @Test
    void receiverRestartMidRunLosesNothing() throws Exception {
        List<String> entries = addEntries(sim, data, 200);
        sim.setResponseDelay(Duration.ofMillis(80));
        Map<String, String> p = props(Map.of(
                "port",
                "" + rsyslog.tcpPort(),
                "app-name",
                "restart",
                "cfaudit.source.acct.page-size",
                "10",
                "retries",
                "8",
                "retry-delay",
                "PT0.1S"));
        assertReceiverRestartLosesNothing(rsyslog, p, "restart", 50, entries);
    }

    @Test
    void aHungReceiverIsNoConfirmationAndTheNextRunDeliversThePage() throws Exception {
        List<String> entries = addEntries(sim, data, 5);
        // one attempt: neither the sink's retries nor the route's redelivery of the page
        Map<String, String> p = props(Map.of(
                "port",
                "" + rsyslog.tcpPort(),
                "app-name",
                "hung",
                "timeout",
                "PT1S",
                "retries",
                "0",
                "cfaudit.delivery.max-retries",
                "0"));
        List<RunSummary> failed;
        rsyslog.freeze(true);
        try {
            failed = runOnce(p);
        } finally {
            rsyslog.freeze(false);
        }
        assertThat(failed).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(r.failure()).contains("no confirmation within timeout PT1S");
            assertCheckpointBeforeTheEntries(r);
        });
        assertThat(runOnce(p)).allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        Set<String> expected =
                new HashSet<>(entries.stream().map(SyslogItSupport::idOf).toList());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rsyslog.records("hung").stream()
                        .map(r -> sd(r).path("id").asText())
                        .toList()
                        .containsAll(expected));
        // The bytes of the unconfirmed attempt were in rsyslog's socket buffer: it may read them once it resumes.
        assertThat(rsyslog.records("hung")).hasSizeBetween(5, 10);
    }

    /** A raw account entry; {@code id} and {@code description} are JSON string contents (already escaped). */
    static String entry(String id, Instant time, String type, String result, String description) {
        return "{\"id\":\"" + id + "\",\"action\":{\"description\":\"" + description + "\",\"result\":\"" + result
                + "\",\"time\":\"" + time + "\",\"type\":\"" + type
                + "\"},\"actor\":{\"email\":\"mallory@example.com\","
                + "\"type\":\"user\"},\"account\":{\"id\":\"" + ACCOUNT + "\"}}";
    }

    static List<String> fileLines(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            List<String> lines = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
            return lines;
        }
    }
}
