package io.github.cfaudit.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability helpers shared by the checkpoint store and the file sink. */
public final class FileSync {
    private FileSync() {}

    /**
     * Syncs a directory so that a file created or renamed in it survives a crash. Some platforms cannot open a
     * directory; there the entry is as durable as the platform makes it.
     */
    public static void directory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform
        }
    }
}
