package io.github.cfaudit.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.internal.FileSync;
import io.github.cfaudit.internal.IsoInstants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Checkpoints as small JSON files, {@code <directory>/<source>.checkpoint.json}, replaced atomically: the new
 * content goes to a temporary file that is synced, renamed over the old one, and the directory synced.
 */
public final class FileCheckpointStore implements CheckpointStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int FORMAT_VERSION = 1;

    private final Path directory;
    /** Writes staged checkpoints: one daemon thread while there is work. */
    private ExecutorService writer;

    public FileCheckpointStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path fileOf(String source) {
        return directory.resolve(source + ".checkpoint.json");
    }

    @Override
    public Optional<Checkpoint> load(String source) {
        Path file = fileOf(source);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || root.path("version").asInt() != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        "unknown format version " + (root == null ? null : root.get("version")));
            }
            Map<String, Instant> ids = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = root.path("recentIds").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                ids.put(e.getKey(), Instant.parse(e.getValue().asText()));
            }
            return Optional.of(new Checkpoint(text(root, "endpoint"), Instant.parse(text(root, "watermark")), ids));
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException(
                    "Checkpoint " + file + " of source '" + source + "' is corrupt ("
                            + e.getMessage()
                            + "). Nothing was delivered for this source. To recover, restore the file from "
                            + "a backup, or move it away: the source then starts again from its 'start' option, and entries "
                            + "already delivered since then are delivered again.",
                    e);
        }
    }

    @Override
    public void save(String source, Checkpoint checkpoint) {
        writeTemporary(source, checkpoint);
        replace(source);
    }

    /**
     * Writes and syncs the temporary file on a background thread while the caller flushes the sinks; {@link
     * Staged#publish()} waits for it, then renames it over the checkpoint and syncs the directory. The two syncs
     * (sink data, checkpoint content) overlap instead of following each other; the rename, which is what makes the
     * checkpoint current, still comes after both.
     */
    @Override
    public Staged stage(String source, Checkpoint checkpoint) {
        CompletableFuture<Void> written =
                CompletableFuture.runAsync(() -> writeTemporary(source, checkpoint), writer());
        return new Staged() {
            @Override
            public void publish() {
                await(written);
                replace(source);
            }

            @Override
            public void discard() {
                try {
                    await(written);
                    Files.deleteIfExists(temporaryOf(source));
                } catch (IOException | RuntimeException e) {
                    // the next write of this source truncates it anyway
                }
            }
        };
    }

    private static void await(CompletableFuture<Void> written) {
        try {
            written.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private synchronized ExecutorService writer() {
        if (writer == null) {
            // one thread at most, gone after a few idle seconds: a store dropped by its host leaves nothing running
            writer = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "cfaudit-checkpoint-writer");
                t.setDaemon(true);
                return t;
            });
        }
        return writer;
    }

    private Path temporaryOf(String source) {
        return directory.resolve(source + ".checkpoint.json.tmp");
    }

    private void writeTemporary(String source, Checkpoint checkpoint) {
        byte[] json = toJson(source, checkpoint);
        Path tmp = temporaryOf(source);
        try {
            Files.createDirectories(directory);
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(json);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + tmp + ": " + e.getMessage(), e);
        }
    }

    private void replace(String source) {
        Path file = fileOf(source);
        try {
            try {
                Files.move(
                        temporaryOf(source), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot rename atomically", e);
            }
            FileSync.directory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's content, written by the streaming generator: it is rewritten after every page. */
    static byte[] toJson(String source, Checkpoint checkpoint) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(256 + checkpoint.recentIds().size() * 64);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeNumberField("version", FORMAT_VERSION);
            g.writeStringField("source", source);
            g.writeStringField("endpoint", checkpoint.endpoint());
            g.writeStringField("watermark", IsoInstants.format(checkpoint.watermark()));
            g.writeObjectFieldStart("recentIds");
            for (Map.Entry<String, Instant> e : checkpoint.recentIds().entrySet()) {
                g.writeStringField(e.getKey(), IsoInstants.format(e.getValue()));
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("no \"" + field + "\"");
        }
        return n.asText();
    }
}
