package io.github.cfaudit.sink.syslog;

import static io.github.cfaudit.sink.syslog.SyslogItSupport.ACCOUNT;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.addEntries;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.assertCheckpointBeforeTheEntries;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.assertReceiverRestartLosesNothing;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.assertRfc5424;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.json;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.properties;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.runOnce;
import static io.github.cfaudit.sink.syslog.SyslogItSupport.sd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.formats.RecordChecks;
import io.github.cfaudit.formats.RecordFormat;
import io.github.cfaudit.formats.RecordFormats;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.Simulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog sink over TLS against a real rsyslogd with the gtls driver: the server is verified (CA and host name),
 * mutual TLS presents a client certificate, and everything that is not verified is refused. Needs rsyslogd and
 * rsyslog-gnutls; skipped with a message where they are absent.
 */
@Tag("rsyslog")
class SyslogTlsIT {
    private static final int LOCAL0 = 16;

    @Rsyslogd(tls = true)
    static Rsyslog rsyslog;

    @TempDir
    Path dir;

    @Simulator(token = "t")
    CloudflareApiSimulator sim;

    private final SyntheticAuditData data = new SyntheticAuditData(6514);

    private Map<String, String> tlsSink(String app, Map<String, String> more) {
        Map<String, String> siem = new HashMap<>(Map.of(
                "protocol",
                "tls",
                "port",
                "" + rsyslog.tlsPort(),
                "app-name",
                app,
                "trust-store",
                rsyslog.tls().trustStore().toString(),
                "trust-store-password",
                TlsMaterial.PASSWORD));
        siem.putAll(more);
        siem.values().removeIf(String::isEmpty);
        return properties(sim, dir.resolve("state"), siem);
    }

    /** The "done when": failures to a TLS collector, everything to files, with properties alone. */
    @Test
    void failuresToATlsCollectorEverythingToFiles() throws Exception {
        List<String> entries = new ArrayList<>(addEntries(sim, data, 60));
        Instant t = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            String failure = SyslogIT.entry("tls-failure-" + i, t.plusSeconds(i), "delete", "failure", "Delete Zone");
            sim.addAccountEntry(ACCOUNT, failure);
            entries.add(failure);
        }
        Map<String, String> p =
                new HashMap<>(tlsSink("tls-failures", Map.of("when", "${body[action][result]} == 'failure'")));
        p.put("cfaudit.sink.files.type", "file");
        p.put("cfaudit.sink.files.directory", dir.resolve("files").toString());
        p.put("cfaudit.source.acct.page-size", "25");
        List<RunSummary> runs = runOnce(p);
        assertThat(runs).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE));

        List<String> failures = entries.stream()
                .filter(e -> json(e).at("/action/result").asText().equals("failure"))
                .toList();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rsyslog.records("tls-failures").size() >= failures.size());
        List<JsonNode> records = rsyslog.records("tls-failures");
        assertThat(records)
                .hasSize(failures.size())
                .allMatch(r -> r.path("input").asText().equals("tls"));
        for (int i = 0; i < failures.size(); i++) {
            assertRfc5424(records.get(i), failures.get(i), "tls-failures", LOCAL0);
        }
        assertThat(SyslogIT.fileLines(dir.resolve("files"))).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(runs.get(0).perSink())
                .containsEntry("siem", (long) failures.size())
                .containsEntry("files", 63L);
    }

    /** {@code codec=cef}: rsyslog receives each entry's CEF record as MSG, intact, in an RFC 5424 message. */
    @Test
    void cefRecordsOverTlsArriveIntact() throws Exception {
        List<String> entries = new ArrayList<>(addEntries(sim, data, 12));
        Instant t = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        // what CEF must escape: | and \ in the header (the name), = \ and a line break in extension values
        String hostile = SyslogIT.entry("tls-cef-hostile", t, "update", "failure", "Update a|b=c\\\\d\\nnext line");
        sim.addAccountEntry(ACCOUNT, hostile);
        entries.add(hostile);
        assertThat(runOnce(tlsSink("tls-cef", Map.of("codec", "cef", "framing", "octet-counting"))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rsyslog.records("tls-cef").size() >= entries.size());
        List<JsonNode> records = rsyslog.records("tls-cef");
        assertThat(records).hasSize(entries.size());
        RecordFormat cef = RecordFormats.of("cef");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = json(entries.get(i));
            AuditEntry parsed = new AuditEntry(
                    entry.get("id").asText(),
                    Instant.parse(entry.at("/action/time").asText()),
                    entries.get(i).getBytes(StandardCharsets.UTF_8));
            String expected = new String(cef.render(parsed, SourceType.ACCOUNT), StandardCharsets.UTF_8);
            String msg = records.get(i).path("msg").asText();
            assertThat(msg).as("MSG").isEqualTo(expected);
            assertThat(RecordChecks.problems("cef", msg)).as(msg).isEmpty();
            assertThat(RecordChecks.id("cef", msg)).isEqualTo(parsed.id());
            assertThat(sd(records.get(i)).path("id").asText()).isEqualTo(parsed.id());
        }
        assertThat(records.get(entries.size() - 1).path("msg").asText())
                .contains("Update a\\|b=c\\\\d")
                .contains("msg=Update a|b\\=c\\\\d\\nnext line");
    }

    @Test
    void pemTrustStoreAndServerName() throws Exception {
        List<String> entries = addEntries(sim, data, 5);
        assertThat(runOnce(tlsSink(
                        "tls-pem",
                        Map.of(
                                "trust-store",
                                rsyslog.tls().caPem().toString(),
                                "trust-store-password",
                                "",
                                "server-name",
                                "localhost",
                                "framing",
                                "lf"))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rsyslog.records("tls-pem").size() >= 5);
        List<JsonNode> records = rsyslog.records("tls-pem");
        for (int i = 0; i < entries.size(); i++) {
            assertRfc5424(records.get(i), entries.get(i), "tls-pem", LOCAL0);
        }
    }

    @Test
    void anUntrustedServerIsRefused() throws Exception {
        addEntries(sim, data, 3);
        assertRefused(
                tlsSink(
                        "tls-untrusted",
                        Map.of(
                                "trust-store",
                                rsyslog.tls().untrustedTrustStore().toString(),
                                "retries",
                                "0")),
                "unable to find valid certification path",
                "tls-untrusted");
    }

    @Test
    void theServerIsVerifiedByDefaultAgainstTheJdkCas() throws Exception {
        addEntries(sim, data, 3);
        assertRefused(
                tlsSink("tls-default", Map.of("trust-store", "", "trust-store-password", "", "retries", "0")),
                "unable to find valid certification path",
                "tls-default");
    }

    @Test
    void aServerWhoseCertificateDoesNotNameTheHostIsRefused() throws Exception {
        addEntries(sim, data, 3);
        assertRefused(
                tlsSink("tls-wrong-name", Map.of("server-name", "siem.example.com", "retries", "0")),
                "No subject alternative DNS name matching siem.example.com",
                "tls-wrong-name");
    }

    @Test
    void mutualTls() throws Exception {
        List<String> entries = addEntries(sim, data, 8);
        assertThat(runOnce(tlsSink(
                        "mtls",
                        Map.of(
                                "port",
                                "" + rsyslog.mtlsPort(),
                                "key-store",
                                rsyslog.tls().clientKeyStore().toString(),
                                "key-store-password",
                                TlsMaterial.PASSWORD))))
                .allMatch(r -> r.outcome() == RunOutcome.COMPLETE);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rsyslog.records("mtls").size() >= 8);
        List<JsonNode> records = rsyslog.records("mtls");
        assertThat(records).hasSize(8).allMatch(r -> r.path("input").asText().equals("mtls"));
        for (int i = 0; i < entries.size(); i++) {
            assertRfc5424(records.get(i), entries.get(i), "mtls", LOCAL0);
        }
    }

    @Test
    void withoutAClientCertificateAMutualTlsReceiverIsNoDelivery() throws Exception {
        addEntries(sim, data, 3);
        // rsyslog rejects the session right after the handshake; depending on when that reaches us, it is seen
        // before we send, before we end the page, or as a reset instead of the confirmation: never as delivered.
        assertRefused(
                tlsSink(
                        "mtls-nocert",
                        Map.of("port", "" + rsyslog.mtlsPort(), "retries", "1", "retry-delay", "PT0.05S")),
                "the receiver",
                "mtls-nocert");
    }

    @Test
    void receiverRestartMidRunLosesNothingOverTls() throws Exception {
        List<String> entries = addEntries(sim, data, 120);
        sim.setResponseDelay(Duration.ofMillis(60));
        Map<String, String> p = tlsSink(
                "tls-restart", Map.of("cfaudit.source.acct.page-size", "10", "retries", "8", "retry-delay", "PT0.1S"));
        assertReceiverRestartLosesNothing(rsyslog, p, "tls-restart", 30, entries);
    }

    /** A TLS sink checked against rsyslog's TLS input, with the options changed ("" removes one). */
    private String check(Map<String, String> more) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of(
                "protocol",
                "tls",
                "port",
                "" + rsyslog.tlsPort(),
                "trust-store",
                rsyslog.tls().trustStore().toString(),
                "trust-store-password",
                TlsMaterial.PASSWORD));
        options.putAll(more);
        options.values().removeIf(String::isEmpty);
        try (SyslogSink sink = new SyslogSink("siem", SyslogFixtures.settings(options))) {
            return sink.check();
        }
    }

    private String failedCheck(Map<String, String> more) {
        return catchThrowableOfType(IOException.class, () -> check(more)).getMessage();
    }

    @Test
    void checkCompletesTheHandshakeAndSendsNothing() throws Exception {
        int before = rsyslog.records().size();
        assertThat(check(Map.of()))
                .isEqualTo("tls connection to 127.0.0.1:" + rsyslog.tlsPort()
                        + " established (server certificate verified)");
        assertThat(check(Map.of(
                        "trust-store",
                        rsyslog.tls().caPem().toString(),
                        "trust-store-password",
                        "",
                        "host",
                        "localhost")))
                .isEqualTo("tls connection to localhost:" + rsyslog.tlsPort()
                        + " established (server certificate verified)");
        // nothing may arrive: the count must stay where it was for a while
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> rsyslog.records().size() == before);
    }

    @Test
    void checkWithMutualTlsPresentsTheClientCertificate() throws Exception {
        assertThat(check(Map.of(
                        "port",
                        "" + rsyslog.mtlsPort(),
                        "key-store",
                        rsyslog.tls().clientKeyStore().toString(),
                        "key-store-password",
                        TlsMaterial.PASSWORD)))
                .isEqualTo("tls connection to 127.0.0.1:"
                        + rsyslog.mtlsPort()
                        + " established (server certificate verified, client certificate presented and "
                        + "not refused)");
    }

    @Test
    void checkOfAMutualTlsReceiverWithoutAClientCertificateSaysOneIsNeeded() {
        assertThat(failedCheck(Map.of("port", "" + rsyslog.mtlsPort())))
                .contains(
                        "syslog sink siem (tls://127.0.0.1:" + rsyslog.mtlsPort() + ")",
                        "the receiver",
                        "requires a client certificate; set key-store");
    }

    @Test
    void checkOfAnUntrustedServerNamesTheTrustStore() {
        assertThat(failedCheck(Map.of(
                        "trust-store", rsyslog.tls().untrustedTrustStore().toString())))
                .contains(
                        "the receiver's certificate is not trusted",
                        "unable to find valid certification path",
                        "trust-store " + rsyslog.tls().untrustedTrustStore() + " does not hold the CA that signed it");
        assertThat(failedCheck(Map.of("trust-store", "", "trust-store-password", "")))
                .contains(
                        "the receiver's certificate is not trusted",
                        "set trust-store to a file holding the receiver's CA");
    }

    @Test
    void checkOfAServerWhoseCertificateDoesNotNameTheHostSaysSo() {
        assertThat(failedCheck(Map.of("server-name", "siem.example.com")))
                .contains("the receiver's certificate does not name 'siem.example.com'", "set server-name");
    }

    @Test
    void checkOfAPlainTcpPortOrAClosedPort() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(failedCheck(Map.of("port", "" + closed))).contains("connection to 127.0.0.1:" + closed + " refused");
        assertThat(failedCheck(Map.of("port", "" + rsyslog.tcpPort(), "timeout", "PT2S")))
                .contains("127.0.0.1:" + rsyslog.tcpPort(), "TLS");
    }

    private void assertRefused(Map<String, String> p, String reason, String app) throws Exception {
        assertThat(runOnce(p)).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(r.failure()).contains(reason);
            assertCheckpointBeforeTheEntries(r);
        });
        assertThat(rsyslog.records(app)).isEmpty();
    }
}
