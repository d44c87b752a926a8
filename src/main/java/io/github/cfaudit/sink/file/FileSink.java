package io.github.cfaudit.sink.file;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.internal.FileSync;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.PageBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends entries as NDJSON lines to {@code <directory>/<source>/<yyyy>/<MM>/<yyyy-MM-dd>.ndjson} (event date, UTC).
 * One page's lines for one file go out in a single write followed by fsync. A write torn by a crash leaves an
 * incomplete last line; it belongs to a page that was never committed and will be delivered again, so the fragment
 * is cut off before the next append and the file stays valid NDJSON. And an entry whose id is among the file's last
 * lines is not written again: a page that this sink accepted but whose checkpoint was not committed (another sink
 * failed, or the process died) leaves no duplicate, however the replay cuts its pages. The ids of a file's last
 * lines (three pages' worth) are read from its tail the first time this process appends to it, then kept in memory.
 *
 * <p>Written with a {@link FileChannel} rather than camel-file because the repair of a torn tail and the single
 * synced append per page are the whole point of this sink.
 */
public final class FileSink implements AuditSink {
    /** Bytes per write system call: bounds the native copy the JDK makes of a page (a page is about 1 MB). */
    static final int WRITE_SLICE = 64 * 1024;

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("yyyy/MM/yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final String name;
    private final Path directory;
    /** Sources share files only with themselves, but two runs of different sources may append to the same sink. */
    private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Per file, the ids of its last lines: what a replayed page must not write again. */
    private final Map<Path, RecentIds> recent = new ConcurrentHashMap<>();
    /**
     * Per file, its length after this process's last append. Another length means another process appended (a
     * cluster node that ran the source meanwhile, on a shared file system): the recent ids are read from the tail again.
     */
    private final Map<Path, Long> lengths = new ConcurrentHashMap<>();

    public FileSink(String name, FileSinkSettings settings) {
        this.name = name;
        this.directory = settings.directory();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PageBatch newBatch(SourceConfig source) {
        return new Batch(source);
    }

    @Override
    public String check() throws IOException {
        Files.createDirectories(directory);
        Path probe = Files.createTempFile(directory, ".cfaudit-check-", ".tmp");
        try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
            ch.force(false);
        } finally {
            Files.deleteIfExists(probe);
        }
        return "directory " + directory + " is writable";
    }

    /** The file of an entry: only the validated source name and a formatted date reach the path. */
    Path fileOf(String source, AuditEntry entry) {
        Path file = directory
                .resolve(source)
                .resolve(PARTITION.format(entry.time()) + ".ndjson")
                .normalize();
        if (!file.startsWith(directory)) {
            throw new IllegalStateException("partition path escapes " + directory + ": " + file);
        }
        return file;
    }

    private final class Batch implements PageBatch {
        private final String source;
        private final int pageSize;
        private final Map<Path, List<AuditEntry>> entries = new TreeMap<>();
        private int size;
        /** The file of the last entry's day: a page's entries mostly share one. */
        private long lastDay = Long.MIN_VALUE;

        private List<AuditEntry> lastFile;

        Batch(SourceConfig source) {
            this.source = source.name();
            this.pageSize = source.pageSize();
        }

        @Override
        public void add(AuditEntry entry) {
            long day = Math.floorDiv(entry.time().getEpochSecond(), 86_400L);
            if (day != lastDay) {
                lastFile = entries.computeIfAbsent(fileOf(source, entry), p -> new ArrayList<>());
                lastDay = day;
            }
            lastFile.add(entry);
            size++;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void flush() throws IOException {
            for (Map.Entry<Path, List<AuditEntry>> e : entries.entrySet()) {
                Path file = e.getKey();
                ReentrantLock lock = locks.computeIfAbsent(file, p -> new ReentrantLock());
                lock.lock();
                try {
                    Long lastLength = lengths.get(file);
                    if (lastLength != null && lastLength != (Files.exists(file) ? Files.size(file) : -1L)) {
                        recent.remove(file);
                    }
                    RecentIds known = recent.computeIfAbsent(file, f -> RecentIds.fromTail(f, 3 * pageSize));
                    int length = 0;
                    for (AuditEntry entry : e.getValue()) {
                        length += entry.jsonLength() + 1;
                    }
                    ByteBuffer out = ByteBuffer.allocate(length);
                    for (AuditEntry entry : e.getValue()) {
                        if (!known.contains(entry.id())) {
                            entry.writeJson(out);
                            out.put((byte) '\n');
                        }
                    }
                    if (out.position() > 0) {
                        lengths.put(file, append(file, out.flip()));
                    }
                    e.getValue().forEach(entry -> known.add(entry.id()));
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Returns the file's length after the append. */
    private static long append(Path file, ByteBuffer buf) throws IOException {
        boolean created = false;
        long length;
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            created = true;
        }
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = validEnd(ch);
            if (end != ch.size()) {
                ch.truncate(end);
            }
            long position = end;
            // in slices: the JDK copies a heap buffer into a temporary native one per thread, as large as the write
            ByteBuffer slice = buf.duplicate();
            while (buf.hasRemaining()) {
                slice.limit(Math.min(buf.limit(), buf.position() + WRITE_SLICE)).position(buf.position());
                int written = ch.write(slice, position);
                position += written;
                buf.position(buf.position() + written);
            }
            ch.force(false);
            length = position;
        }
        if (created) {
            FileSync.directory(file.getParent());
        }
        return length;
    }

    /** The length of the file up to and including its last newline: anything after it is a torn write. */
    private static long validEnd(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return 0;
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        if (one.get(0) == '\n') {
            return size;
        }
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            long from = Math.max(0, pos - chunk.capacity());
            chunk.clear().limit((int) (pos - from));
            ch.read(chunk, from);
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }
}
