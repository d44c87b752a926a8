package io.github.cfaudit.sink.syslog;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private rsyslogd for the tests: our own configuration, work directory and pid file under a temp directory, inputs
 * on free high ports bound to 127.0.0.1, never the machine's syslog service. It writes what it parsed of every
 * message it received as one JSON line ({@code option.jsonf}) to {@link #output()}, with the RFC 5424 structured
 * data also parsed by rsyslog's own {@code mmpstrucdata} into {@code sdparsed}: the tests assert on rsyslog's view,
 * not on our encoder's.
 *
 * <p>Inputs: {@code tcp} (imtcp: octet-counted and LF-framed alike), {@code udp} (imudp), and with TLS material
 * {@code tls} (gtls, server certificate, any client) and {@code mtls} (gtls, client certificate signed by the CA
 * required: {@code x509/certvalid}).
 */
final class Rsyslog implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dir;
    private final TlsMaterial tls;
    private final Path config;
    private final int tcpPort;
    private final int udpPort;
    private final int tlsPort;
    private final int mtlsPort;
    private Process process;

    private Rsyslog(Path dir, TlsMaterial tls) throws IOException {
        this.dir = dir;
        this.tls = tls;
        this.config = dir.resolve("rsyslog.conf");
        this.tcpPort = freeTcpPort();
        this.udpPort = freeUdpPort();
        this.tlsPort = tls == null ? -1 : freeTcpPort();
        this.mtlsPort = tls == null ? -1 : freeTcpPort();
        Files.writeString(config, config(tls), StandardCharsets.UTF_8);
    }

    /** Skips the calling test, with a message saying why, when rsyslogd (or for TLS its gtls driver) is absent. */
    static void assumeInstalled(boolean tls) {
        String why = executable() == null
                ? "rsyslogd is not installed"
                : tls && !gtlsInstalled() ? "rsyslog's TLS driver (rsyslog-gnutls) is not installed" : null;
        if (why != null) {
            System.err.println(
                    "SKIPPED syslog integration tests: " + why + " (.ci/run installs rsyslog and rsyslog-gnutls)");
        }
        Assumptions.assumeTrue(
                why == null,
                why + ": skipping the tests against a real syslog daemon "
                        + "(.ci/run installs rsyslog and rsyslog-gnutls)");
    }

    static Rsyslog start(Path dir, TlsMaterial tls) throws IOException, InterruptedException {
        assumeInstalled(tls != null);
        Files.createDirectories(dir);
        Rsyslog r = new Rsyslog(dir, tls);
        r.start();
        return r;
    }

    /** The certificates and stores of the TLS inputs; null without TLS. */
    TlsMaterial tls() {
        return tls;
    }

    int tcpPort() {
        return tcpPort;
    }

    int udpPort() {
        return udpPort;
    }

    int tlsPort() {
        return tlsPort;
    }

    int mtlsPort() {
        return mtlsPort;
    }

    Path output() {
        return dir.resolve("out.json");
    }

    /** Every message rsyslog parsed so far, in arrival order. */
    List<JsonNode> records() {
        List<JsonNode> records = new ArrayList<>();
        if (!Files.exists(output())) {
            return records;
        }
        try {
            // decoded leniently: a test that sends a TLS handshake to the plain TCP input leaves bytes that are not
            // UTF-8 in the file, which must not break reading the records of the tests after it
            for (String line : new String(Files.readAllBytes(output()), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    records.add(MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** The messages with this APP-NAME (each test uses its own). */
    List<JsonNode> records(String appName) {
        return records().stream()
                .filter(r -> appName.equals(r.path("appname").asText()))
                .toList();
    }

    void start() throws IOException {
        process = new ProcessBuilder(
                        executable(),
                        "-n",
                        "-f",
                        config.toString(),
                        "-i",
                        dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("rsyslogd.log").toFile()))
                .start();
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "rsyslogd exited with " + process.exitValue() + ":\n" + log());
                        }
                        return accepts(tcpPort) && (tlsPort < 0 || accepts(tlsPort) && accepts(mtlsPort));
                    });
        } catch (RuntimeException e) {
            throw new IllegalStateException("rsyslogd did not start: " + log(), e);
        }
    }

    /** SIGTERM, as a service manager stops it: rsyslogd closes its connections and drains its queue. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGSTOP / SIGCONT: a receiver that hangs, whose kernel still accepts connections and bytes. */
    void freeze(boolean frozen) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(process.pid())).start();
        kill.waitFor(5, TimeUnit.SECONDS);
    }

    String log() {
        try {
            Path log = dir.resolve("rsyslogd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            try {
                freeze(false);
            } catch (IOException ignored) {
                // stopping anyway
            }
        }
        stop();
    }

    private String config(TlsMaterial tls) {
        StringBuilder c = new StringBuilder();
        c.append("global(workDirectory=\"").append(dir).append("\" maxMessageSize=\"256k\"");
        if (tls != null) {
            c.append("\n  defaultNetstreamDriverCAFile=\"")
                    .append(tls.caPem())
                    .append('"')
                    .append("\n  defaultNetstreamDriverCertFile=\"")
                    .append(tls.serverCertPem())
                    .append('"')
                    .append("\n  defaultNetstreamDriverKeyFile=\"")
                    .append(tls.serverKeyPem())
                    .append('"');
        }
        c.append(")\n");
        c.append("module(load=\"imtcp\")\nmodule(load=\"imudp\")\nmodule(load=\"mmpstrucdata\")\n");
        c.append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"")
                .append(tcpPort)
                .append("\" name=\"tcp\")\n");
        c.append("input(type=\"imudp\" address=\"127.0.0.1\" port=\"")
                .append(udpPort)
                .append("\" name=\"udp\")\n");
        if (tls != null) {
            c.append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"")
                    .append(tlsPort)
                    .append("\" name=\"tls\" ")
                    .append("streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\")\n");
            c.append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"")
                    .append(mtlsPort)
                    .append("\" name=\"mtls\" ")
                    .append(
                            "streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\"x509/certvalid\")\n");
        }
        c.append("""
                template(name="parsed" type="list" option.jsonf="on") {
                  property(outname="input" name="inputname" format="jsonf")
                  property(outname="pri" name="pri" format="jsonf")
                  property(outname="facility" name="syslogfacility" format="jsonf")
                  property(outname="severity" name="syslogseverity" format="jsonf")
                  property(outname="version" name="protocol-version" format="jsonf")
                  property(outname="time" name="timereported" dateFormat="rfc3339" format="jsonf")
                  property(outname="hostname" name="hostname" format="jsonf")
                  property(outname="appname" name="app-name" format="jsonf")
                  property(outname="procid" name="procid" format="jsonf")
                  property(outname="msgid" name="msgid" format="jsonf")
                  property(outname="sd" name="structured-data" format="jsonf")
                  property(outname="sdparsed" name="$!rfc5424-sd" format="jsonf")
                  property(outname="msg" name="msg" format="jsonf")
                }
                if $inputname == "rsyslogd" then {
                  action(type="omfile" file="%s/internal.log")
                  stop
                }
                action(type="mmpstrucdata")
                action(type="omfile" file="%s" template="parsed")
                """.formatted(dir, output()));
        return c.toString();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String executable() {
        for (String candidate : List.of("/usr/sbin/rsyslogd", "/sbin/rsyslogd", "/usr/bin/rsyslogd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return TlsMaterial.onPath("rsyslogd") ? "rsyslogd" : null;
    }

    private static boolean gtlsInstalled() {
        for (String d : List.of(
                "/usr/lib/x86_64-linux-gnu/rsyslog",
                "/usr/lib/aarch64-linux-gnu/rsyslog",
                "/usr/lib/rsyslog",
                "/usr/lib64/rsyslog")) {
            if (Files.exists(Path.of(d, "lmnsd_gtls.so"))) {
                return true;
            }
        }
        return false;
    }
}
