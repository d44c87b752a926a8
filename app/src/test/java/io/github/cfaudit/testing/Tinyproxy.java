package io.github.cfaudit.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A private tinyproxy (Debian's {@code tinyproxy}) for the tests: our own configuration and log under a temp directory,
 * listening on a free loopback port, optionally with Basic authentication. Its log has one {@code Request} line per
 * request it received ({@code GET http://host:port/path HTTP/1.1}, {@code CONNECT host:port HTTP/1.1}): the tests
 * assert on the proxy's own view of the traffic.
 */
public final class Tinyproxy implements AutoCloseable {
    private static final Pattern REQUEST = Pattern.compile("Request \\(file descriptor \\d+\\): (.*)");
    private static final List<Path> LOCATIONS =
            List.of(Path.of("/usr/bin/tinyproxy"), Path.of("/usr/sbin/tinyproxy"), Path.of("/usr/local/bin/tinyproxy"));

    private final Path log;
    private final int port;
    private final Process process;

    private Tinyproxy(Path dir, String user, String password) throws IOException {
        Files.createDirectories(dir);
        this.log = dir.resolve("tinyproxy.log");
        Files.writeString(log, "");
        log.toFile().setWritable(true, false);
        this.port = freePort();
        Path config = dir.resolve("tinyproxy.conf");
        Files.writeString(
                config,
                """
                Port %d
                Listen 127.0.0.1
                Timeout 30
                LogFile "%s"
                LogLevel Info
                MaxClients 50
                Allow 127.0.0.1
                DisableViaHeader Yes
                %s
                """.formatted(port, log, user == null ? "" : "BasicAuth " + user + " " + password),
                StandardCharsets.UTF_8);
        this.process = new ProcessBuilder(executable().toString(), "-d", "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("tinyproxy.out").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(this::accepts);
    }

    /** Starts a proxy without authentication; skips the calling test when tinyproxy is not installed. */
    public static Tinyproxy start(Path dir) throws IOException {
        return start(dir, null, null);
    }

    /** Starts a proxy that wants Basic authentication with {@code user} and {@code password}. */
    public static Tinyproxy start(Path dir, String user, String password) throws IOException {
        Assumptions.assumeTrue(
                executable() != null,
                "tinyproxy is not installed: skipping the tests through a real "
                        + "proxy (.ci/run installs it: apt-get install tinyproxy)");
        return new Tinyproxy(dir, user, password);
    }

    private static Path executable() {
        return LOCATIONS.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The request lines the proxy logged, in order: {@code GET http://...} or {@code CONNECT host:port}. */
    public List<String> requests() {
        return log().lines()
                .map(REQUEST::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .toList();
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
