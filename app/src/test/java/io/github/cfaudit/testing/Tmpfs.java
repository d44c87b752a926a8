package io.github.cfaudit.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a directory, to fill a real file system up: {@code mount -t tmpfs -o size=...}, which needs
 * root (CI runs as root). Where it cannot be mounted the test is skipped with a message saying why.
 */
public final class Tmpfs implements AutoCloseable {
    public final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code bytes} on {@code dir} (created if missing), or skips the test. */
    public static Tmpfs mount(Path dir, long bytes) throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "mounting a tmpfs needs root (CI runs as root): skipping, running as "
                        + System.getProperty("user.name"));
        Files.createDirectories(dir);
        Run mount = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString());
        Assumptions.assumeTrue(
                mount.exit() == 0, "cannot mount a tmpfs on " + dir + ": skipping (" + mount.output() + ")");
        return new Tmpfs(dir);
    }

    /** Bytes still free. */
    public long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /**
     * Fills the file system with {@code filler} until {@code keep} bytes (rounded down to the 4 KiB page) are left;
     * delete it to free the space again.
     */
    public Path fillLeaving(long keep) throws IOException {
        Path filler = dir.resolve("filler");
        long fill = free() - keep;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long n = 0; n + block.length <= fill; n += block.length) {
                out.write(block);
            }
        }
        return filler;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Run umount = run("umount", dir.toString());
        if (umount.exit() != 0) {
            throw new IOException("cannot unmount " + dir + ": " + umount.output());
        }
    }

    private record Run(int exit, String output) {}

    private static Run run(String... command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, String.join(" ", command) + " did not finish in 30 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes()).strip());
    }
}
