package io.github.cfaudit.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.config.Secret;
import io.github.cfaudit.sink.syslog.StreamTransport.CheckFailure;
import io.github.cfaudit.sink.syslog.StreamTransport.Step;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Each reason {@link SyslogFailureDiagnosis} gives for a failed check, from the exceptions the JDK throws at each step
 * of {@link StreamTransport#check()}: the option to check is named, the cause is quoted, and no store password is ever
 * part of the message.
 */
class SyslogFailureDiagnosisTest {
    private static final String TRUST_PASSWORD = "trust-password-do-not-print";
    private static final String KEY_PASSWORD = "key-password-do-not-print";
    private static final Path TRUST_STORE = Path.of("/etc/cfaudit/syslog-ca.pem");
    private static final Path KEY_STORE = Path.of("/etc/cfaudit/client.p12");

    private static final SyslogSinkSettings TCP =
            SyslogFixtures.settings(Map.of("protocol", "tcp", "port", "1514", "connect-timeout", "PT3S"));

    /** {@link #TCP} over TLS on port 6514, with or without trust and key stores (passwords set with them). */
    private static SyslogSinkSettings tls(Optional<Path> trustStore, Optional<Path> keyStore) {
        SyslogSinkSettings.Tls tls = new SyslogSinkSettings.Tls(
                trustStore,
                trustStore.map(p -> Secret.of(TRUST_PASSWORD)),
                keyStore,
                keyStore.map(p -> Secret.of(KEY_PASSWORD)),
                "syslog.corp");
        return new SyslogSinkSettings(
                TCP.host(),
                6514,
                SyslogSinkSettings.Protocol.TLS,
                TCP.format(),
                TCP.framing(),
                Optional.of(tls),
                TCP.appName(),
                TCP.hostname(),
                TCP.facility(),
                TCP.severity(),
                TCP.maxMessageSize(),
                TCP.oversize(),
                TCP.structuredDataId(),
                TCP.connectTimeout(),
                TCP.timeout(),
                TCP.retries(),
                TCP.retryDelay());
    }

    private static final SyslogSinkSettings TLS_DEFAULTS = tls(Optional.empty(), Optional.empty());
    private static final SyslogSinkSettings MUTUAL_TLS = tls(Optional.of(TRUST_STORE), Optional.of(KEY_STORE));

    private static String diagnose(SyslogSinkSettings settings, IOException failure) {
        String message = new SyslogFailureDiagnosis(settings).checkFailure(failure);
        assertThat(message).doesNotContain(TRUST_PASSWORD, KEY_PASSWORD);
        return message;
    }

    private static String handshake(SyslogSinkSettings settings, IOException failure) {
        return diagnose(settings, new CheckFailure(Step.HANDSHAKE, failure));
    }

    private static SSLHandshakeException handshakeFailure(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void aHostThatDoesNotResolveNamesHostAndDns() {
        assertThat(diagnose(TCP, new CheckFailure(Step.CONNECT, new UnknownHostException("syslog.invalid"))))
                .isEqualTo("host '127.0.0.1' does not resolve (syslog.invalid): check host and this machine's DNS");
    }

    @Test
    void aRefusedConnectionNamesHostPortAndTheReceiversInput() {
        String expected = "connection to 127.0.0.1:1514 refused (Connection refused): nothing listens there; check "
                + "host and port (the receiver's tcp input) and that the receiver is running";

        assertThat(diagnose(TCP, new CheckFailure(Step.CONNECT, new ConnectException("Connection refused"))))
                .isEqualTo(expected);
        // a failure that is not a CheckFailure (UDP's check) counts as one of connecting
        assertThat(diagnose(TCP, new ConnectException("Connection refused"))).isEqualTo(expected);
        assertThat(diagnose(TLS_DEFAULTS, new CheckFailure(Step.CONNECT, new ConnectException("Connection refused"))))
                .contains("127.0.0.1:6514", "the receiver's tls input");
    }

    @Test
    void otherConnectFailuresNameConnectTimeoutOrTheNetwork() {
        assertThat(diagnose(TCP, new CheckFailure(Step.CONNECT, new SocketTimeoutException("Connect timed out"))))
                .isEqualTo("no answer from 127.0.0.1:1514 within connect-timeout PT3S: check host and port, and that "
                        + "no firewall drops the connection");
        assertThat(diagnose(TCP, new CheckFailure(Step.CONNECT, new NoRouteToHostException("No route to host"))))
                .isEqualTo("no route to 127.0.0.1 (No route to host): check host and the network");
        assertThat(diagnose(TCP, new CheckFailure(Step.CONNECT, new IOException("Network is unreachable"))))
                .isEqualTo("cannot connect to 127.0.0.1:1514 (Network is unreachable): check host and port");
        assertThat(diagnose(TCP, new CheckFailure(Step.CONNECT, new IOException())))
                .isEqualTo("cannot connect to 127.0.0.1:1514 (IOException): check host and port");
    }

    @Test
    void anExpiredReceiverCertificateSaysRenewOrCheckTheClock() {
        SSLHandshakeException expired = handshakeFailure(
                "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
                new CertPathValidatorException(
                        "validity check failed",
                        new CertificateExpiredException("NotAfter: Mon Jan 01 00:00:00 UTC 2024")));

        assertThat(handshake(MUTUAL_TLS, expired))
                .startsWith("the receiver's certificate is expired or not yet valid (PKIX path validation failed")
                .endsWith("): renew it at the receiver, or check this machine's clock");
    }

    @Test
    void anUntrustedReceiverCertificateNamesTrustStore() {
        SSLHandshakeException untrusted = handshakeFailure(
                "PKIX path building failed: unable to find valid certification path to requested target",
                new CertPathBuilderException("unable to find valid certification path to requested target"));

        assertThat(handshake(MUTUAL_TLS, untrusted))
                .isEqualTo("the receiver's certificate is not trusted (PKIX path building failed: unable to find valid "
                        + "certification path to requested target): trust-store " + TRUST_STORE
                        + " does not hold the CA that signed it; add that CA to it");
        assertThat(handshake(TLS_DEFAULTS, untrusted))
                .endsWith("): it is not signed by a CA of the JDK's default trust store; set trust-store to a file "
                        + "holding the receiver's CA certificate (PEM, PKCS12 or JKS)");
    }

    @Test
    void aCertificateForAnotherNameNamesServerName() {
        SSLHandshakeException otherName = handshakeFailure(
                "No subject alternative DNS name matching syslog.corp found.",
                new CertificateException("No subject alternative DNS name matching syslog.corp found."));

        assertThat(handshake(MUTUAL_TLS, otherName))
                .isEqualTo("the receiver's certificate does not name 'syslog.corp' (No subject alternative DNS name "
                        + "matching syslog.corp found.): set server-name to a name in the certificate's "
                        + "subjectAltName, or have the certificate reissued for syslog.corp");
    }

    @Test
    void aRefusedSessionPointsAtTheClientCertificate() {
        SSLHandshakeException badCertificate = new SSLHandshakeException("Received fatal alert: bad_certificate");

        assertThat(handshake(MUTUAL_TLS, badCertificate))
                .isEqualTo("the receiver refused the TLS session (Received fatal alert: bad_certificate): it rejected "
                        + "the client certificate from key-store " + KEY_STORE + "; make sure the receiver trusts the "
                        + "CA that signed it and that it is valid (not expired, extendedKeyUsage clientAuth)");
        assertThat(handshake(TLS_DEFAULTS, new SSLHandshakeException("Received fatal alert: certificate_required")))
                .isEqualTo("the receiver refused the TLS session (Received fatal alert: certificate_required): it "
                        + "probably requires a client certificate; set key-store (PKCS12 or JKS with the client key "
                        + "and certificate) and key-store-password");
    }

    @Test
    void aPlainTcpPortSaysUseTheTlsPortOrProtocolTcp() {
        assertThat(handshake(TLS_DEFAULTS, new SSLException("Unsupported or unrecognized SSL message")))
                .isEqualTo("the receiver at 127.0.0.1:6514 does not speak TLS (Unsupported or unrecognized SSL "
                        + "message): use its TLS port, or protocol=tcp if it only has a plain TCP input");
        assertThat(handshake(TLS_DEFAULTS, new SocketTimeoutException("Read timed out")))
                .isEqualTo("no TLS handshake from 127.0.0.1:6514 within timeout " + TCP.timeout() + " (Read timed "
                        + "out): is this the receiver's TLS port and not a plain TCP one?");
    }

    @Test
    void noCommonCipherSuiteAndOtherHandshakeFailures() {
        assertThat(handshake(TLS_DEFAULTS, new SSLHandshakeException("Received fatal alert: handshake_failure")))
                .isEqualTo("the receiver and this client have no TLS version or cipher suite in common (Received "
                        + "fatal alert: handshake_failure): enable TLS 1.2 or 1.3 with current cipher suites at the "
                        + "receiver");
        assertThat(handshake(MUTUAL_TLS, new SSLException("Connection reset")))
                .startsWith("the TLS handshake with 127.0.0.1:6514 failed (Connection reset): is this the receiver's "
                        + "TLS port? it rejected the client certificate from key-store " + KEY_STORE);
    }

    @Test
    void aConnectionClosedAfterTheHandshakeOrTheConnectNamesKeyStoreOrTheAllowedSenders() {
        String closedAfterHandshake = "the receiver closed the connection right after the TLS handshake";
        assertThat(diagnose(
                        TLS_DEFAULTS, new CheckFailure(Step.AFTER_HANDSHAKE, new IOException(closedAfterHandshake))))
                .isEqualTo(closedAfterHandshake + ": it probably requires a client certificate; set key-store (PKCS12 "
                        + "or JKS with the client key and certificate) and key-store-password");

        String closedAfterConnect = "the receiver closed the connection right after it accepted the connection";
        assertThat(diagnose(TCP, new CheckFailure(Step.AFTER_CONNECT, new IOException(closedAfterConnect))))
                .isEqualTo(closedAfterConnect + ": does it accept connections from this host (e.g. rsyslog's "
                        + "AllowedSender, a firewall)?");

        String sentData =
                "the receiver sent data right after it accepted the connection; a syslog receiver sends " + "nothing";
        assertThat(diagnose(TCP, new CheckFailure(Step.AFTER_CONNECT, new IOException(sentData))))
                .isEqualTo(sentData + ": is this a syslog receiver's port?");
        assertThat(diagnose(MUTUAL_TLS, new CheckFailure(Step.AFTER_HANDSHAKE, new IOException(sentData))))
                .isEqualTo(sentData + ": is this a syslog receiver's port?");
    }
}
