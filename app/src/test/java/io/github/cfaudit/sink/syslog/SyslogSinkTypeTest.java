package io.github.cfaudit.sink.syslog;

import static io.github.cfaudit.sink.syslog.SyslogFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Format;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Framing;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Oversize;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of {@code cfaudit.sink.<name>.*} for {@code type=syslog}: defaults, and errors that name key and valid values. */
class SyslogSinkTypeTest {

    @TempDir
    static Path dir;

    private static TlsMaterial tls;

    private static synchronized TlsMaterial tls() throws Exception {
        if (tls == null) {
            tls = TlsMaterial.generate(dir.resolve("tls"));
        }
        return tls;
    }

    @Test
    void defaults() {
        SyslogSinkSettings s = settings(Map.of());
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.protocol()).isEqualTo(Protocol.TCP);
        assertThat(s.port()).isEqualTo(514);
        assertThat(s.format()).isEqualTo(Format.RFC5424);
        assertThat(s.framing()).isEqualTo(Framing.OCTET_COUNTING);
        assertThat(s.tls()).isEmpty();
        assertThat(s.appName()).isEqualTo("cloudflare-audit");
        assertThat(s.hostname()).isNotBlank().matches("[\\x21-\\x7e]+");
        assertThat(s.facility()).isEqualTo(16);
        assertThat(s.severity()).isEqualTo(new SyslogSinkSettings.SeverityMapping(4, 5, 6));
        assertThat(s.maxMessageSize()).isEqualTo(8192);
        assertThat(s.oversize()).isEqualTo(Oversize.TRUNCATE);
        assertThat(s.structuredDataId()).isEqualTo("cfaudit@32473");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.retries()).isEqualTo(3);
        assertThat(s.retryDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void portDefaultsFollowTheProtocol() {
        assertThat(settings(Map.of("protocol", "udp")).port()).isEqualTo(514);
        assertThat(settings(Map.of("protocol", "tls")).port()).isEqualTo(6514);
        assertThat(settings(Map.of("protocol", "TLS", "port", "10514")).port()).isEqualTo(10514);
    }

    @Test
    void everyOptionIsRead() {
        SyslogSinkSettings s = settings(Map.ofEntries(
                Map.entry("protocol", "tcp"),
                Map.entry("port", "601"),
                Map.entry("format", "rfc3164"),
                Map.entry("framing", "lf"),
                Map.entry("app-name", "cf.audit_1"),
                Map.entry("hostname", "collector01.example.com"),
                Map.entry("facility", "audit"),
                Map.entry("severity-failure", "err"),
                Map.entry("severity-success", "6"),
                Map.entry("severity-other", "debug"),
                Map.entry("max-message-size", "65536"),
                Map.entry("oversize", "reject"),
                Map.entry("connect-timeout", "PT2S"),
                Map.entry("timeout", "PT5S"),
                Map.entry("retries", "0"),
                Map.entry("retry-delay", "PT0.1S")));
        assertThat(s.port()).isEqualTo(601);
        assertThat(s.format()).isEqualTo(Format.RFC3164);
        assertThat(s.framing()).isEqualTo(Framing.LF);
        assertThat(s.hostname()).isEqualTo("collector01.example.com");
        assertThat(s.facility()).isEqualTo(13);
        assertThat(s.severity()).isEqualTo(new SyslogSinkSettings.SeverityMapping(3, 6, 7));
        assertThat(s.maxMessageSize()).isEqualTo(65536);
        assertThat(s.oversize()).isEqualTo(Oversize.REJECT);
        assertThat(s.retries()).isZero();
        assertThat(s.retryDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void hostIsRequired() {
        assertThatThrownBy(() -> new SyslogSinkType()
                        .parse(ConfigProperties.of(Map.of("cfaudit.sink.s.type", "syslog"))
                                .section("cfaudit.sink.s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.sink.s.host: is required");
    }

    @Test
    void badValuesNameTheKeyAndWhatIsValid() {
        assertError(Map.of("host", "siem example"), "cfaudit.sink.s.host", "valid examples");
        assertError(Map.of("port", "0"), "cfaudit.sink.s.port", "valid: 1 to 65535");
        assertError(Map.of("port", "70000"), "cfaudit.sink.s.port", "valid: 1 to 65535");
        assertError(Map.of("protocol", "relp"), "cfaudit.sink.s.protocol", "valid: one of udp, tcp, tls");
        assertError(Map.of("format", "cef"), "cfaudit.sink.s.format", "valid: one of rfc5424, rfc3164");
        assertError(Map.of("framing", "nul"), "cfaudit.sink.s.framing", "valid: one of octet-counting, lf");
        assertError(
                Map.of("protocol", "udp", "framing", "lf"), "cfaudit.sink.s.framing", "only to protocol tcp or tls");
        assertError(Map.of("facility", "local9"), "cfaudit.sink.s.facility", "local7, or its number 0 to 23");
        assertError(Map.of("facility", "24"), "cfaudit.sink.s.facility", "0 to 23");
        assertError(Map.of("severity-failure", "fatal"), "cfaudit.sink.s.severity-failure", "warning");
        assertError(Map.of("max-message-size", "100"), "cfaudit.sink.s.max-message-size", "valid: 480 to");
        assertError(
                Map.of("protocol", "udp", "max-message-size", "70000"),
                "cfaudit.sink.s.max-message-size",
                "480 to 65507");
        assertError(Map.of("oversize", "drop"), "cfaudit.sink.s.oversize", "valid: one of truncate, reject");
        assertError(Map.of("app-name", "cloudflare audit"), "cfaudit.sink.s.app-name", "printable US-ASCII");
        assertError(Map.of("app-name", "x".repeat(49)), "cfaudit.sink.s.app-name", "1 to 48");
        assertError(Map.of("format", "rfc3164", "app-name", "a:b"), "cfaudit.sink.s.app-name", "RFC 3164 TAG");
        assertError(Map.of("hostname", "héte"), "cfaudit.sink.s.hostname", "printable US-ASCII");
        assertError(
                Map.of("structured-data-id", "cfaudit"),
                "cfaudit.sink.s.structured-data-id",
                "name@<private enterprise number>");
        assertError(
                Map.of("format", "rfc3164", "structured-data-id", "x@1"),
                "cfaudit.sink.s.structured-data-id",
                "only to format rfc5424");
        assertError(Map.of("timeout", "PT0S"), "cfaudit.sink.s.timeout", "at least");
        assertError(Map.of("retries", "-1"), "cfaudit.sink.s.retries", "0 to 100");
    }

    @Test
    void tlsOptionsNeedProtocolTls() {
        assertError(Map.of("trust-store", "/x.p12"), "cfaudit.sink.s.trust-store", "only to protocol tls");
        assertError(
                Map.of("protocol", "udp", "key-store-password", "x"),
                "cfaudit.sink.s.key-store-password",
                "only to protocol tls");
    }

    @Test
    void storesMustExistAndOpenWithTheirPassword() throws Exception {
        assertError(
                Map.of(
                        "protocol",
                        "tls",
                        "trust-store",
                        dir.resolve("missing.p12").toString()),
                "cfaudit.sink.s.trust-store",
                "is not a readable file");
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store");
        assertError(
                Map.of("protocol", "tls", "trust-store", garbage.toString(), "trust-store-password", "x"),
                "cfaudit.sink.s.trust-store",
                "cannot be used");

        TlsMaterial tls = tls();
        SyslogSinkSettings ok = settings(Map.of(
                "protocol",
                "tls",
                "trust-store",
                tls.trustStore().toString(),
                "trust-store-password",
                TlsMaterial.PASSWORD,
                "key-store",
                tls.clientKeyStore().toString(),
                "key-store-password",
                TlsMaterial.PASSWORD));
        assertThat(ok.tls()).get().satisfies(t -> {
            assertThat(t.serverName()).isEqualTo("127.0.0.1");
            assertThat(t.keyStore()).contains(tls.clientKeyStore());
        });
        assertThat(settings(Map.of("protocol", "tls", "trust-store", tls.caPem().toString()))
                        .tls()
                        .get()
                        .trustStore())
                .contains(tls.caPem());

        assertError(
                Map.of("protocol", "tls", "trust-store", tls.trustStore().toString(), "trust-store-password", "wrong"),
                "cfaudit.sink.s.trust-store-password",
                "wrong password");
        assertError(
                Map.of("protocol", "tls", "key-store", tls.clientKeyStore().toString(), "key-store-password", "wrong"),
                "cfaudit.sink.s.key-store-password",
                "wrong password");
        assertError(
                Map.of("protocol", "tls", "key-store", tls.clientKeyStore().toString()),
                "cfaudit.sink.s.key-store-password",
                "is required");
        assertError(
                Map.of(
                        "protocol",
                        "tls",
                        "key-store",
                        tls.trustStore().toString(),
                        "key-store-password",
                        TlsMaterial.PASSWORD),
                "cfaudit.sink.s.key-store",
                "no private key");
        assertError(
                Map.of("protocol", "tls", "key-store", tls.clientCertPem().toString(), "key-store-password", "x"),
                "cfaudit.sink.s.key-store",
                "PKCS12 or JKS");
    }

    @Test
    void passwordsNeverPrint() throws Exception {
        TlsMaterial tls = tls();
        SyslogSinkSettings s = settings(Map.of(
                "protocol",
                "tls",
                "trust-store",
                tls.trustStore().toString(),
                "trust-store-password",
                TlsMaterial.PASSWORD,
                "key-store",
                tls.clientKeyStore().toString(),
                "key-store-password",
                TlsMaterial.PASSWORD));
        assertThat(s.toString()).doesNotContain(TlsMaterial.PASSWORD).contains("******");
    }

    @Test
    void registeredAsSinkTypeAndTyposAreReported() {
        Map<String, String> p = new HashMap<>();
        p.put("cfaudit.api.token", "t");
        p.put("cfaudit.source.a.type", "account");
        p.put("cfaudit.source.a.account-id", SyslogFixtures.ACCOUNT);
        p.put("cfaudit.sink.siem.type", "syslog");
        p.put("cfaudit.sink.siem.host", "siem.example.com");
        p.put("cfaudit.sink.siem.when", "${body[action][result]} == 'failure'");
        assertThat(AuditConfigParser.parse(p, Map.of()).sinks().get(0).settings())
                .isInstanceOf(SyslogSinkSettings.class);
        p.put("cfaudit.sink.siem.protcol", "tls");
        assertThatThrownBy(() -> AuditConfigParser.parse(p, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.sink.siem.protcol: is not a known option");
    }

    private static void assertError(Map<String, String> options, String key, String valid) {
        assertThatThrownBy(() -> settings(options))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
                .hasMessageContaining(valid);
    }
}
