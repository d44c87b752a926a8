package io.github.cfaudit.sink.s3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 server that implements Object Lock, for the tests s3proxy cannot serve (s3proxy answers 501 NotImplemented to
 * any {@code x-amz-object-lock-*} header and to GetObjectLockConfiguration): moto's stand-alone server
 * ({@code moto_server}, the Python package {@code moto[server]}, part of this machine's image), in memory, on a free
 * loopback port. It keeps a bucket's Object Lock configuration, refuses lock headers for a bucket without one
 * ("Bucket is missing ObjectLockConfiguration", as AWS does), and stores each object's mode and retain-until date.
 * It does not check signatures or Content-MD5: what the sink sends is asserted on the wire instead. A test using it is
 * skipped where moto is not installed.
 */
final class MotoServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private S3Client client;

    private MotoServer(Path executable, Path log) throws IOException {
        this.port = freePort();
        this.process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("moto_server did not start: " + Files.readString(log));
            }
            Thread.onSpinWait();
        }
    }

    /** A started server, its output in {@code log}; the test is skipped when moto_server is not installed. */
    static MotoServer start(Path log) throws IOException {
        Path executable = executable();
        Assumptions.assumeTrue(executable != null, "moto_server is not installed (pip package moto[server])");
        return new MotoServer(executable, log);
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** The AWS SDK's own client on this server: to set buckets up and to read back, never the sink's code. */
    synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("moto", "moto")))
                    .build();
        }
        return client;
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path executable() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "moto_server"));
                }
            }
        }
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (Files.isDirectory(pyenv)) {
            try (Stream<Path> versions = Files.list(pyenv)) {
                versions.sorted().forEach(v -> candidates.add(v.resolve("bin").resolve("moto_server")));
            } catch (IOException e) {
                // none there
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
