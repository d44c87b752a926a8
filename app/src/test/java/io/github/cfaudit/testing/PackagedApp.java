package io.github.cfaudit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The packaged application as a separate process: the jar {@code mvn package} built, started and awaited. */
public final class PackagedApp {
    /** The jar of the package phase, which runs before the integration tests. */
    public static final Path JAR =
            Path.of("app/target/camel-cloudflare-audit.jar").toAbsolutePath();

    /** How a process ended: its exit code and what it printed (standard output and error together). */
    public record Result(int exit, String output) {}

    private PackagedApp() {}

    /** {@code java -jar <the jar> args...} */
    public static List<String> javaJar(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code command} in {@code dir} and waits for it; a process still running after the timeout fails the test. */
    public static Result run(List<String> command, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        return run(command, dir, env -> {}, timeout);
    }

    /**
     * Runs {@code command} in {@code dir} with the environment as {@code environment} leaves it, and waits for it; a
     * process still running after the timeout is killed and fails the test with what it printed.
     */
    public static Result run(
            List<String> command, Path dir, Consumer<Map<String, String>> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        environment.accept(pb.environment());
        Path log = Files.createTempFile(dir, "process", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "did not exit within " + timeout + ": " + String.join(" ", command) + "\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }
}
