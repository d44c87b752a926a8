package io.github.cfaudit.sink.syslog;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;

/**
 * What a failed {@link SyslogSink#check()} means for this sink's settings, and what to do about it: turns the JDK's
 * exception, and the step of {@link StreamTransport#check()} it failed at, into the reason the operator reads. It
 * names the options to check ({@code host}, {@code port}, {@code trust-store}, {@code key-store}, ...) and never a
 * password: the settings print none, and the JDK's messages carry none.
 */
final class SyslogFailureDiagnosis {
    private final SyslogSinkSettings settings;

    SyslogFailureDiagnosis(SyslogSinkSettings settings) {
        this.settings = settings;
    }

    /** What a failed check means, and what to do about it. */
    String checkFailure(IOException failure) {
        StreamTransport.Step step =
                failure instanceof StreamTransport.CheckFailure f ? f.step() : StreamTransport.Step.CONNECT;
        Throwable cause = failure instanceof StreamTransport.CheckFailure ? failure.getCause() : failure;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String at = settings.host() + ":" + settings.port();
        String protocol = settings.protocol().configName();
        if (has(cause, UnknownHostException.class)) {
            return "host '" + settings.host() + "' does not resolve (" + message + "): check host and this "
                    + "machine's DNS";
        }
        switch (step) {
            case CONNECT:
                if (has(cause, ConnectException.class)) {
                    return "connection to " + at + " refused (" + message + "): nothing listens there; check host "
                            + "and port (the receiver's " + protocol + " input) and that the receiver is running";
                }
                if (has(cause, SocketTimeoutException.class)) {
                    return "no answer from " + at + " within connect-timeout " + settings.connectTimeout()
                            + ": check host and port, and that no firewall drops the connection";
                }
                if (has(cause, NoRouteToHostException.class)) {
                    return "no route to " + settings.host() + " (" + message + "): check host and the network";
                }
                return "cannot connect to " + at + " (" + message + "): check host and port";
            case HANDSHAKE:
                return handshakeFailure(cause, message, at);
            case AFTER_HANDSHAKE:
                // the message is StreamTransport's: "the receiver closed/broke the connection right after ..."
                return message + ": "
                        + (message.contains("sent data")
                                ? "is this a syslog receiver's port?"
                                : clientCertificateHint());
            default:
                return message + ": "
                        + (message.contains("sent data")
                                ? "is this a syslog receiver's port?"
                                : "does it accept connections from this host (e.g. rsyslog's AllowedSender, a firewall)?");
        }
    }

    private String handshakeFailure(Throwable cause, String message, String at) {
        SyslogSinkSettings.Tls tls = settings.tls().orElseThrow();
        if (has(cause, CertificateExpiredException.class) || has(cause, CertificateNotYetValidException.class)) {
            return "the receiver's certificate is expired or not yet valid (" + message + "): renew it at the "
                    + "receiver, or check this machine's clock";
        }
        if (has(cause, CertPathBuilderException.class) || has(cause, CertPathValidatorException.class)) {
            return "the receiver's certificate is not trusted (" + message + "): "
                    + tls.trustStore()
                            .map(p -> "trust-store " + p + " does not hold the CA that signed it; add that CA to it")
                            .orElse(
                                    "it is not signed by a CA of the JDK's default trust store; set trust-store to a file "
                                            + "holding the receiver's CA certificate (PEM, PKCS12 or JKS)");
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "the receiver's certificate does not name '" + tls.serverName() + "' (" + message + "): set "
                    + "server-name to a name in the certificate's subjectAltName, or have the certificate reissued "
                    + "for " + tls.serverName();
        }
        String alert = message.startsWith("Received fatal alert: ") ? message.substring(22) : "";
        if (List.of(
                        "bad_certificate",
                        "unsupported_certificate",
                        "certificate_revoked",
                        "certificate_expired",
                        "certificate_unknown",
                        "unknown_ca",
                        "access_denied",
                        "certificate_required")
                .contains(alert)) {
            return "the receiver refused the TLS session (" + message + "): " + clientCertificateHint();
        }
        if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext")) {
            return "the receiver at " + at + " does not speak TLS (" + message + "): use its TLS port, or "
                    + "protocol=tcp if it only has a plain TCP input";
        }
        if (has(cause, SocketTimeoutException.class)) {
            return "no TLS handshake from " + at + " within timeout " + settings.timeout() + " (" + message
                    + "): is this the receiver's TLS port and not a plain TCP one?";
        }
        if (alert.equals("handshake_failure")
                || alert.equals("protocol_version")
                || alert.equals("insufficient_security")) {
            return "the receiver and this client have no TLS version or cipher suite in common (" + message + "): "
                    + "enable TLS 1.2 or 1.3 with current cipher suites at the receiver";
        }
        return "the TLS handshake with " + at + " failed (" + message + "): is this the receiver's TLS port? "
                + clientCertificateHint();
    }

    /** The likely reason a TLS receiver refuses the session: the client certificate. */
    private String clientCertificateHint() {
        return settings.tls()
                .flatMap(SyslogSinkSettings.Tls::keyStore)
                .map(
                        p -> "it rejected the client certificate from key-store " + p + "; make sure the receiver "
                                + "trusts the CA that signed it and that it is valid (not expired, extendedKeyUsage clientAuth)")
                .orElse("it probably requires a client certificate; set key-store (PKCS12 or JKS with the client "
                        + "key and certificate) and key-store-password");
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
