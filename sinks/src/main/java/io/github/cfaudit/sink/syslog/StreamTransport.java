package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Framing;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Syslog over TCP (RFC 6587) or TLS (RFC 5425), one connection per page, and the page counts as delivered only when
 * the receiver confirmed it by closing the connection in order.
 *
 * <p>Why: syslog has no acknowledgement, and bytes a socket accepted are only in the kernel. When a receiver restarts,
 * what it had not read yet is lost, while the sender's writes all "succeeded" — the classic way a TCP syslog sender
 * loses messages. So each page goes out on a fresh connection that ends with our half-close (TCP FIN, or TLS
 * close_notify): the receiver sees end-of-stream only after it read every byte before it, and then closes its side.
 * An orderly close back is the confirmation; a reset (it closed with our data unread), a close before we finished,
 * or no close within {@code timeout} fails the attempt, and the page is sent again on a new connection. rsyslog,
 * syslog-ng, Splunk, Logstash and Graylog all close a connection whose peer ended its stream. It proves the receiver
 * read the bytes — not that it stored them (RELP would); a receiver that read and then crashed loses them, and a page
 * sent again may be duplicated at the receiver, at most once per attempt.
 *
 * <p>Why not camel-netty with {@code Rfc5425Encoder}: its producer returns once Netty wrote to the socket, which is
 * exactly the kernel-buffer "success" above; it has no notion of waiting for the peer's close. A blocking JDK socket
 * (or {@link SSLSocket}) per page does this in a few lines and keeps TLS verification in the JDK's hands.
 */
final class StreamTransport implements SyslogTransport {
    /**
     * How long a connection must stay open before we send, and again before we end the page: a TLS receiver that
     * rejects our certificate closes right after the handshake, about as long after it as the handshake took; a
     * receiver that stops closes with what it had not read. Costs this much twice per page.
     */
    static final Duration MIN_SETTLE = Duration.ofMillis(20);

    static final Duration MAX_SETTLE = Duration.ofSeconds(1);
    /** The shortest wait for a refusal in {@link #check}, and before sending on a connection not yet proven. */
    static final Duration CHECK_SETTLE = Duration.ofMillis(500);

    private static final int BUFFER = 64 * 1024;

    private final String host;
    private final int port;
    private final Framing framing;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final SSLSocketFactory tls;
    private final String serverName;
    private final ScheduledExecutorService watchdog;
    /**
     * Whether the last page went through: the receiver accepts this sender (and, over TLS, its certificate). Until
     * then, and after any failure, the wait for a refusal before sending is at least {@link #CHECK_SETTLE} (at most a
     * quarter of the timeout): a refusal that arrives later than the usual short wait (a loaded machine) would
     * otherwise reach us only after our own close, as a TLS alert the TCP stream cannot tell from the receiver's
     * close_notify.
     */
    private volatile boolean proven;

    /** {@code tls} null for plain TCP. */
    StreamTransport(
            String host,
            int port,
            Framing framing,
            Duration connectTimeout,
            Duration timeout,
            SSLSocketFactory tls,
            String serverName,
            ScheduledExecutorService watchdog) {
        this.host = host;
        this.port = port;
        this.framing = framing;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.tls = tls;
        this.serverName = serverName;
        this.watchdog = watchdog;
    }

    @Override
    public void deliver(List<byte[]> messages) throws IOException {
        long start = System.nanoTime();
        Socket plain = new Socket();
        AtomicBoolean expired = new AtomicBoolean();
        // A blocking write to a receiver that stopped reading has no timeout of its own: closing the socket ends it.
        ScheduledFuture<?> guard = watchdog.schedule(
                () -> {
                    expired.set(true);
                    closeQuietly(plain);
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            plain.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            Socket socket = tls != null ? startTls(plain) : plain;
            Duration settle = clamp(Duration.ofNanos(System.nanoTime() - start));
            Duration unproven = CHECK_SETTLE.compareTo(timeout.dividedBy(4)) < 0 ? CHECK_SETTLE : timeout.dividedBy(4);
            Duration first = proven || settle.compareTo(unproven) >= 0 ? settle : unproven;
            expectOpen(
                    socket,
                    first,
                    tls != null
                            ? "right after the TLS handshake (does it require a client certificate it did not get or accept? "
                                    + "see key-store)"
                            : "right after it accepted the connection (does it allow this sender?)");
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            for (byte[] m : messages) {
                write(out, m);
            }
            out.flush();
            // A receiver going away with our data unread may send FIN before its RST (a Java receiver does): seen
            // after our own FIN, that would pass for the confirmation. So it must still be open now.
            expectOpen(socket, settle, "before it was sent the end of the page (it did not read all of it)");
            socket.shutdownOutput();
            // Below TLS: a receiver that closes with our data unread resets the connection even after a TLS
            // close_notify, and only the TCP stream shows it.
            awaitOrderlyClose(plain, messages.size());
            proven = true;
        } catch (IOException e) {
            proven = false;
            if (expired.get()) {
                SocketTimeoutException t = new SocketTimeoutException("no confirmation within timeout " + timeout
                        + " (the receiver neither read everything nor closed the connection)");
                t.initCause(e);
                throw t;
            }
            throw e;
        } finally {
            guard.cancel(false);
            closeQuietly(plain);
        }
    }

    /**
     * For {@code --check}: connects, over TLS completes the handshake (server certificate and host name verified,
     * the client certificate presented when there is one), waits a moment (at least {@link #CHECK_SETTLE}) for a refusal,
     * and closes without sending anything. Returns what was verified; throws a {@link CheckFailure} saying at which
     * step it failed.
     */
    @Override
    public String check() throws CheckFailure {
        long start = System.nanoTime();
        Step step = Step.CONNECT;
        Socket socket = new Socket();
        try {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new UnknownHostException(host);
            }
            socket.connect(address, (int) connectTimeout.toMillis());
            String description = (tls != null ? "tls" : "tcp") + " connection to " + host + ":" + port + " established";
            if (tls != null) {
                step = Step.HANDSHAKE;
                // no watchdog here: nothing is written, so a read timeout bounds the handshake
                socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
                SSLSocket ssl = startTls(socket);
                socket = ssl;
                boolean clientCertificate = ssl.getSession().getLocalCertificates() != null;
                step = Step.AFTER_HANDSHAKE;
                expectOpen(socket, checkSettle(start), "right after the TLS handshake");
                return description + " (server certificate verified"
                        + (clientCertificate ? ", client certificate presented and not refused" : "") + ")";
            }
            step = Step.AFTER_CONNECT;
            expectOpen(socket, checkSettle(start), "right after it accepted the connection");
            return description + " (nothing sent)";
        } catch (IOException e) {
            throw new CheckFailure(step, e);
        } finally {
            closeQuietly(socket);
        }
    }

    /** The wait for a refusal in {@link #check}: at least {@link #CHECK_SETTLE}, a check is not in a hurry. */
    private static Duration checkSettle(long start) {
        Duration settle = clamp(Duration.ofNanos(System.nanoTime() - start).multipliedBy(2));
        return settle.compareTo(CHECK_SETTLE) < 0 ? CHECK_SETTLE : settle;
    }

    /** The steps of {@link #check}. */
    enum Step {
        CONNECT,
        HANDSHAKE,
        AFTER_HANDSHAKE,
        AFTER_CONNECT
    }

    /** A {@link #check} that failed at {@code step}; the cause is the JDK's exception. */
    static final class CheckFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Step step;

        CheckFailure(Step step, IOException cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
            this.step = step;
        }

        Step step() {
            return step;
        }
    }

    /** The TLS session over a connected socket, server certificate and host name verified. */
    private SSLSocket startTls(Socket plain) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, serverName, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    /** One frame: {@code LEN SP MSG} (octet counting) or {@code MSG LF}. */
    void write(OutputStream out, byte[] message) throws IOException {
        if (framing == Framing.OCTET_COUNTING) {
            out.write(Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.write(message);
        } else {
            out.write(message);
            out.write('\n');
        }
    }

    /** Fails when the receiver closes (or resets) the connection within {@code wait}: it will not read our data. */
    private static void expectOpen(Socket socket, Duration wait, String when) throws IOException {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        int read;
        try {
            read = socket.getInputStream().read();
        } catch (SocketTimeoutException stillOpen) {
            return;
        } catch (IOException e) {
            throw new IOException("the receiver broke the connection " + when + ": " + e.getMessage(), e);
        }
        throw new IOException(
                read < 0
                        ? "the receiver closed the connection " + when
                        : "the receiver sent data " + when + "; a syslog receiver sends nothing");
    }

    /** Reads the plain TCP stream to its end: FIN is the confirmation, a reset or the timeout is not. */
    private void awaitOrderlyClose(Socket plain, int count) throws IOException {
        plain.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        InputStream in = plain.getInputStream();
        byte[] sink = new byte[512];
        try {
            while (in.read(sink) >= 0) {
                // A syslog receiver sends nothing but, over TLS, session tickets and close_notify: what counts is
                // the end of the stream after them.
            }
        } catch (IOException e) {
            throw new IOException(
                    "the receiver did not confirm the " + count + " message(s) by closing the connection "
                            + "in order (" + e + "); they may be lost at the receiver",
                    e);
        }
    }

    private static Duration clamp(Duration d) {
        return d.compareTo(MIN_SETTLE) < 0 ? MIN_SETTLE : d.compareTo(MAX_SETTLE) > 0 ? MAX_SETTLE : d;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
