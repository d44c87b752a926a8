package io.github.cfaudit.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for the tests: Debian's binaries ({@code /usr/lib/postgresql/<v>/bin}, package
 * {@code postgresql}, installed by {@code .ci/run}), a fresh data directory, trust authentication, a free loopback
 * port. PostgreSQL refuses to run as root, so as root the server runs as the {@code postgres} user. One server per test
 * JVM ({@link #shared()}), a fresh database per test ({@link #newDatabase()}); stopped and deleted when the JVM exits.
 */
public final class PostgresServer {
    private static PostgresServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path data;
    private final int port;

    private PostgresServer(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = startNew();
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stopQuietly, "postgres-stop"));
        }
        return shared;
    }

    private static PostgresServer startNew() {
        Path bin = findBin();
        Assumptions.assumeTrue(
                bin != null,
                "PostgreSQL server binaries not found under /usr/lib/postgresql "
                        + "(apt-get install postgresql; .ci/run does)");
        try {
            Path data = Files.createTempDirectory("cfaudit-pg-");
            if (isRoot()) {
                exec(List.of("chown", "postgres:postgres", data.toString()));
            }
            exec(asServerUser(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    data.resolve("db").toString(),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-sync")));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PostgresServer server = new PostgresServer(bin, data, port);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Starts (again) the server on its port; waits until it accepts connections. */
    public void start() throws IOException {
        exec(asServerUser(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.resolve("db").toString(),
                "-l",
                data.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + data + " -h 127.0.0.1 -c fsync=off -c max_connections=300",
                "start")));
    }

    /** Stops the server (fast shutdown: open sessions are ended). */
    public void stop() throws IOException {
        exec(asServerUser(List.of(
                bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-m", "fast", "-w", "stop")));
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException | RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temporary directory left behind
        }
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    /** A new empty database; returns its name. */
    public String newDatabase() {
        String name = "cfaudit_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    private static Path findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(java.util.Comparator.comparing(Path::toString))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        c.addAll(command);
        return c;
    }

    private static void exec(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
