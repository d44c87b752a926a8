package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.EntryListBatch;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Protocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one syslog message per entry. A page's entries are encoded first (so an oversize entry under
 * {@code oversize=reject} fails the page before anything is sent), then delivered in event-time order in one
 * attempt; a failed attempt is repeated {@code retries} times, waiting {@code retry-delay}, doubled each time. Over
 * TCP and TLS an attempt succeeds only when the receiver confirmed it (see {@link StreamTransport}); over UDP when
 * the datagrams left (see {@link UdpTransport}). Only then does {@link PageBatch#flush()} return and the checkpoint
 * move.
 *
 * <p>Batches share nothing but the immutable encoder and transport, so sources may flush at the same time; each
 * attempt has its own connection.
 */
public final class SyslogSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogSink.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    private final String name;
    private final SyslogSinkSettings settings;
    private final SyslogEncoder encoder;
    private final ScheduledExecutorService watchdog;
    private final SyslogTransport transport;

    public SyslogSink(String name, SyslogSinkSettings settings) throws IOException, GeneralSecurityException {
        this.name = name;
        this.settings = settings;
        this.encoder = new SyslogEncoder(settings, ProcessHandle.current().pid());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cfaudit-syslog-" + name + "-watchdog");
            t.setDaemon(true);
            return t;
        });
        if (settings.protocol() == Protocol.UDP) {
            this.transport = new UdpTransport(settings.host(), settings.port());
        } else {
            this.transport = new StreamTransport(
                    settings.host(),
                    settings.port(),
                    settings.framing(),
                    settings.connectTimeout(),
                    settings.timeout(),
                    settings.tls().isPresent()
                            ? TlsContexts.create(settings.tls().get()).getSocketFactory()
                            : null,
                    settings.tls().map(SyslogSinkSettings.Tls::serverName).orElse(settings.host()),
                    watchdog);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PageBatch newBatch(SourceConfig source) {
        return new Batch(source);
    }

    /**
     * TCP and TLS: a connection (TLS: the full handshake, server verified, client certificate presented when
     * configured), kept open long enough to see a refusal, then closed without sending a message. UDP: the host
     * resolves; nothing more can be verified without sending one.
     */
    @Override
    public String check() throws IOException {
        try {
            return transport.check();
        } catch (IOException e) {
            throw new IOException("syslog sink " + name + " (" + settings.address() + "): " + explain(e), e);
        }
    }

    /** What a failed {@link #check()} means, and what to do about it. */
    private String explain(IOException failure) {
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
                return explainHandshake(cause, message, at);
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

    private String explainHandshake(Throwable cause, String message, String at) {
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

    @Override
    public void close() {
        transport.close();
        watchdog.shutdownNow();
    }

    private final class Batch extends EntryListBatch {
        private final SourceConfig source;

        Batch(SourceConfig source) {
            this.source = source;
        }

        @Override
        public void flush() throws Exception {
            if (entries.isEmpty()) {
                return;
            }
            List<byte[]> messages = new ArrayList<>(entries.size());
            for (AuditEntry entry : entries) {
                messages.add(encoder.encode(entry, source));
            }
            deliver(messages);
        }

        private void deliver(List<byte[]> messages) throws IOException {
            Duration delay = settings.retryDelay();
            for (int attempt = 0; ; attempt++) {
                try {
                    transport.deliver(messages);
                    if (attempt > 0) {
                        LOG.info(
                                "syslog sink {}: delivered {} message(s) of source {} to {} on attempt {}",
                                name,
                                messages.size(),
                                source.name(),
                                settings.address(),
                                attempt + 1);
                    }
                    return;
                } catch (IOException e) {
                    if (attempt >= settings.retries()) {
                        throw new IOException(
                                "syslog sink " + name + ": could not deliver " + messages.size()
                                        + " message(s) of source " + source.name() + " to " + settings.address()
                                        + " in "
                                        + (attempt + 1) + " attempt(s): " + e.getMessage(),
                                e);
                    }
                    LOG.warn(
                            "syslog sink {}: attempt {} of {} to deliver {} message(s) to {} failed: {}; retrying in {}",
                            name,
                            attempt + 1,
                            settings.retries() + 1,
                            messages.size(),
                            settings.address(),
                            e.toString(),
                            delay);
                    sleep(delay);
                    delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0
                            ? MAX_RETRY_DELAY
                            : delay.multipliedBy(2);
                }
            }
        }
    }

    private static void sleep(Duration delay) throws InterruptedIOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
