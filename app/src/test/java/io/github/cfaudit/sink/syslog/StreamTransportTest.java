package io.github.cfaudit.sink.syslog;

import static io.github.cfaudit.sink.syslog.SyslogFixtures.auditJson;
import static io.github.cfaudit.sink.syslog.SyslogFixtures.entry;
import static io.github.cfaudit.sink.syslog.SyslogFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Framing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery confirmation over TCP, against in-JVM peers that misbehave in the ways real receivers do: a page
 * counts as delivered only when the peer read it all and closed in order. (TLS is covered against rsyslog.)
 */
class StreamTransportTest {
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private Peer peer;

    @AfterEach
    void stop() throws IOException {
        if (peer != null) {
            peer.close();
        }
        watchdog.shutdownNow();
    }

    private StreamTransport transport(Framing framing, Duration timeout) {
        return new StreamTransport(
                "127.0.0.1", peer.port(), framing, Duration.ofSeconds(2), timeout, null, "127.0.0.1", watchdog);
    }

    private static List<byte[]> messages(String... texts) {
        return java.util.Arrays.stream(texts)
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void octetCountingFramesAndOrderlyCloseConfirms() throws Exception {
        peer = new Peer(List.of(Peer::readAllThenClose));
        transport(Framing.OCTET_COUNTING, Duration.ofSeconds(5)).deliver(messages("<13>1 - - - - - - hé", "x"));
        assertThat(peer.received(0)).isEqualTo("21 <13>1 - - - - - - hé1 x");
    }

    @Test
    void lfFraming() throws Exception {
        peer = new Peer(List.of(Peer::readAllThenClose));
        transport(Framing.LF, Duration.ofSeconds(5)).deliver(messages("a", "b"));
        assertThat(peer.received(0)).isEqualTo("a\nb\n");
    }

    @Test
    void aPeerThatClosesWithoutReadingIsNoConfirmation() throws Exception {
        peer = new Peer(List.of(Peer::closeAtOnce));
        assertThatThrownBy(() ->
                        transport(Framing.OCTET_COUNTING, Duration.ofSeconds(5)).deliver(messages("a")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection right after it accepted");
    }

    @Test
    void aPeerThatClosesWithDataUnreadIsNoConfirmation() throws Exception {
        peer = new Peer(List.of(Peer::readOneByteThenClose));
        assertThatThrownBy(() -> transport(Framing.OCTET_COUNTING, Duration.ofSeconds(5))
                        .deliver(messages("x".repeat(1000), "y".repeat(1000))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection before it was sent the end of the page");
    }

    @Test
    void aPeerThatNeverClosesTimesOut() throws Exception {
        peer = new Peer(List.of(Peer::readAllAndHold));
        assertThatThrownBy(() -> transport(Framing.OCTET_COUNTING, Duration.ofMillis(500))
                        .deliver(messages("a")))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("no confirmation within timeout PT0.5S");
    }

    @Test
    void noReceiver() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StreamTransport t = new StreamTransport(
                "127.0.0.1",
                port,
                Framing.LF,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                null,
                "127.0.0.1",
                watchdog);
        assertThatThrownBy(() -> t.deliver(messages("a"))).isInstanceOf(ConnectException.class);
    }

    @Test
    void theSinkResendsTheWholePageOnANewConnection() throws Exception {
        peer = new Peer(List.of(Peer::readOneByteThenClose, Peer::readAllThenClose));
        SyslogSink sink = new SyslogSink(
                "s",
                settings(Map.of(
                        "port",
                        Integer.toString(peer.port()),
                        "hostname",
                        "h",
                        "retries",
                        "2",
                        "retry-delay",
                        "PT0.05S",
                        "framing",
                        "lf")));
        try {
            PageBatch batch = sink.newBatch(SyslogFixtures.source("acct", "account"));
            for (int i = 0; i < 3; i++) {
                batch.add(entry(auditJson("id" + i, "2024-05-06T07:08:0" + i + "Z", "create", "success")));
            }
            batch.flush();
        } finally {
            sink.close();
        }
        assertThat(peer.received(1).split("\n"))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("<133>1 2024-05-06T07:08:0"))
                .anySatisfy(line -> assertThat(line).contains("id=\"id2\""));
    }

    @Test
    void theSinkFailsThePageAfterItsRetries() throws Exception {
        peer = new Peer(List.of(Peer::closeAtOnce, Peer::closeAtOnce));
        SyslogSink sink = new SyslogSink(
                "s", settings(Map.of("port", Integer.toString(peer.port()), "retries", "1", "retry-delay", "PT0.01S")));
        try {
            PageBatch batch = sink.newBatch(SyslogFixtures.source("acct", "account"));
            batch.add(entry(auditJson("id0", "2024-05-06T07:08:00Z", "create", "success")));
            assertThatThrownBy(batch::flush)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith(
                            "syslog sink s: could not deliver 1 message(s) of source acct to tcp://127.0.0.1:"
                                    + peer.port() + " in 2 attempt(s)");
        } finally {
            sink.close();
        }
    }

    /** A TCP peer on 127.0.0.1 whose n-th connection behaves as told. */
    static final class Peer implements AutoCloseable {
        private final ServerSocket server;
        private final List<ByteArrayOutputStream> received = new CopyOnWriteArrayList<>();
        private final List<CountDownLatch> done = new CopyOnWriteArrayList<>();
        private final CountDownLatch closing = new CountDownLatch(1);
        private final Thread thread;

        Peer(List<Behaviour> behaviours) throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            for (int i = 0; i < behaviours.size(); i++) {
                received.add(new ByteArrayOutputStream());
                done.add(new CountDownLatch(1));
            }
            thread = new Thread(
                    () -> {
                        for (int i = 0; i < behaviours.size(); i++) {
                            try (Socket s = server.accept()) {
                                behaviours.get(i).serve(this, s, received.get(i));
                            } catch (IOException | InterruptedException e) {
                                return;
                            } finally {
                                done.get(i).countDown();
                            }
                        }
                    },
                    "peer");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        String received(int connection) throws InterruptedException {
            assertThat(done.get(connection).await(10, TimeUnit.SECONDS)).isTrue();
            return received.get(connection).toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            closing.countDown();
            server.close();
        }

        static void readAllThenClose(Peer p, Socket s, ByteArrayOutputStream into) throws IOException {
            s.getInputStream().transferTo(into);
        }

        static void closeAtOnce(Peer p, Socket s, ByteArrayOutputStream into) {}

        static void readOneByteThenClose(Peer p, Socket s, ByteArrayOutputStream into) throws IOException {
            into.write(s.getInputStream().read());
        }

        static void readAllAndHold(Peer p, Socket s, ByteArrayOutputStream into)
                throws IOException, InterruptedException {
            InputStream in = s.getInputStream();
            in.transferTo(into);
            p.closing.await(10, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    interface Behaviour {
        void serve(Peer peer, Socket socket, ByteArrayOutputStream into) throws IOException, InterruptedException;
    }
}
