package io.github.cfaudit.sink.file;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.internal.FileSync;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.manifest.ManifestWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends entries as NDJSON lines to {@code <directory>/<source>/<yyyy>/<MM>/<yyyy-MM-dd>.ndjson} (event date, UTC).
 * One page's lines for one file go out in a single write followed by fsync. A page that fails (a write or fsync
 * refused: disk full, I/O error) leaves every file it touched exactly as long as before it, so a shipper tailing the
 * file never reads a partial line nor sees the file shrink. A write torn by a crash leaves an incomplete last line;
 * it belongs to a page that was never committed and will be delivered again, so the fragment is cut off before the
 * next append and the file stays valid NDJSON. And an entry whose id is among the file's last
 * lines is not written again: a page that this sink accepted but whose checkpoint was not committed (another sink
 * failed, or the process died) leaves no duplicate, however the replay cuts its pages. The ids of a file's last
 * lines (three pages' worth) are read from its tail the first time this process appends to it, then kept in memory.
 *
 * <p>Written with a {@link FileChannel} rather than camel-file because the repair of a torn tail and the single
 * synced append per page are the whole point of this sink.
 */
public final class FileSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

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

    /** How an append is made durable: {@code force(false)}; a test may make it fail. */
    private final Sync sync;

    /** How each entry becomes a line: {@code cfaudit.sink.<name>.codec}. */
    private final RecordCodec codec;

    /** {@code manifest.*}: the signed manifests of what this sink appended (docs/archive.md); null: none. */
    private final FileManifestArchive archive;

    private final ManifestWriter manifests;

    public FileSink(String name, FileSinkSettings settings) {
        this(name, settings, RecordCodec.verbatimCodec());
    }

    public FileSink(String name, FileSinkSettings settings, RecordCodec codec) {
        this(name, settings, codec, ch -> ch.force(false));
    }

    FileSink(String name, FileSinkSettings settings, Sync sync) {
        this(name, settings, RecordCodec.verbatimCodec(), sync);
    }

    FileSink(String name, FileSinkSettings settings, RecordCodec codec, Sync sync) {
        this.name = name;
        this.directory = settings.directory();
        this.codec = codec;
        this.sync = sync;
        this.archive = new FileManifestArchive(directory);
        this.manifests = settings.manifest().enabled()
                ? new ManifestWriter(name, settings.manifest(), archive, Clock.systemUTC())
                : null;
    }

    /** Makes what was written to a channel durable. */
    @FunctionalInterface
    interface Sync {
        void force(FileChannel ch) throws IOException;
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
    public void endRun(SourceConfig source) {
        codec.report(name, source.name());
        if (manifests != null) {
            manifests.endRun(source.name());
        }
    }

    /** Writes the manifests still due. */
    @Override
    public void close() {
        if (manifests != null) {
            manifests.close();
        }
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
        private final SourceConfig sourceConfig;
        private final String source;
        private final int pageSize;
        private final Map<Path, List<AuditEntry>> entries = new TreeMap<>();
        private int size;
        /** The file of the last entry's day: a page's entries mostly share one. */
        private long lastDay = Long.MIN_VALUE;

        private List<AuditEntry> lastFile;

        Batch(SourceConfig source) {
            this.sourceConfig = source;
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
            if (manifests != null) {
                // before the first append of this process: a previous one may have left data no manifest covers
                manifests.prepare(source);
            }
            List<Written> written = manifests != null ? new ArrayList<>(entries.size()) : null;
            // every file of the page locked at once (in path order, as every batch takes them): a failed page rolls
            // back the files it appended to before the failing one, and nothing may append to them in between
            List<ReentrantLock> held = new ArrayList<>(entries.size());
            List<Appended> appended = new ArrayList<>(entries.size());
            try {
                for (Path file : entries.keySet()) {
                    ReentrantLock lock = locks.computeIfAbsent(file, p -> new ReentrantLock());
                    lock.lock();
                    held.add(lock);
                }
                for (Map.Entry<Path, List<AuditEntry>> e : entries.entrySet()) {
                    Path file = e.getKey();
                    Long lastLength = lengths.get(file);
                    if (lastLength != null && lastLength != (Files.exists(file) ? Files.size(file) : -1L)) {
                        recent.remove(file);
                    }
                    RecentIds known = recent.computeIfAbsent(
                            file, f -> RecentIds.fromTail(f, 3 * pageSize, codec.verbatim() ? null : codec::idOfLine));
                    List<AuditEntry> lines =
                            written != null ? new ArrayList<>(e.getValue().size()) : null;
                    ByteBuffer out = codec.verbatim()
                            ? verbatim(e.getValue(), known, lines)
                            : records(e.getValue(), known, lines);
                    if (out.position() > 0) {
                        Appended a;
                        ByteBuffer content = out.flip().duplicate();
                        try {
                            a = append(file, out);
                        } catch (IOException | RuntimeException failed) {
                            // the file is back at its length before the page (see append): read its tail again
                            forget(file);
                            throw failed;
                        }
                        appended.add(a);
                        lengths.put(file, a.after());
                        if (written != null) {
                            written.add(new Written(a, content, lines));
                        }
                    }
                    e.getValue().forEach(entry -> known.add(codec.recordId(entry)));
                }
            } catch (IOException | RuntimeException failed) {
                // the page was not accepted: the files it appended to before go back to their length before it
                for (Appended a : appended) {
                    rollBack(a, failed);
                }
                throw failed;
            } finally {
                for (int i = held.size() - 1; i >= 0; i--) {
                    held.get(i).unlock();
                }
            }
            if (written != null) {
                // durable: the lines are hashed for the next manifest, which is written now if one is due
                for (Written w : written) {
                    manifests.appended(
                            source,
                            archive.relative(w.appended().file()),
                            w.appended().before(),
                            w.appended().after(),
                            w.content(),
                            w.lines());
                }
                manifests.afterPage(source);
            }
        }

        /** The lines of the entries not yet in the file, as Cloudflare sent them: one buffer, no other copy. */
        private ByteBuffer verbatim(List<AuditEntry> lines, RecentIds known, List<AuditEntry> written) {
            int length = 0;
            for (AuditEntry entry : lines) {
                length += entry.jsonLength() + 1;
            }
            ByteBuffer out = ByteBuffer.allocate(length);
            for (AuditEntry entry : lines) {
                if (!known.contains(entry.id())) {
                    entry.writeJson(out);
                    out.put((byte) '\n');
                    if (written != null) {
                        written.add(entry);
                    }
                }
            }
            return out;
        }

        /** The records of the entries not yet in the file, in the sink's codec, one a line. */
        private ByteBuffer records(List<AuditEntry> lines, RecentIds known, List<AuditEntry> written)
                throws IOException {
            Lines out = new Lines(lines.size() * 1024);
            for (AuditEntry entry : lines) {
                if (!known.contains(codec.recordId(entry))) {
                    codec.write(entry, sourceConfig, out);
                    out.write('\n');
                    if (written != null) {
                        written.add(entry);
                    }
                }
            }
            return out.buffer();
        }
    }

    /** A growing buffer whose content is handed on without a copy, positioned at its end (as {@code verbatim}). */
    private static final class Lines extends ByteArrayOutputStream {
        Lines(int size) {
            super(size);
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(buf, 0, count).position(count);
        }
    }

    /** An append of a page for the manifest: where it went, its bytes (from their start) and its entries. */
    private record Written(Appended appended, ByteBuffer content, List<AuditEntry> lines) {}

    /** A page's append to one file: its length before (after cutting a torn tail) and after, and whether it was new. */
    private record Appended(Path file, long before, long after, boolean created) {}

    /** The ids and length remembered for a file are dropped: the next append reads them from the file again. */
    private void forget(Path file) {
        recent.remove(file);
        lengths.remove(file);
    }

    /**
     * A file this page appended to, back to its length before the page (a file the page created is deleted), unless
     * another process appended after it. The ids the page added are forgotten, so a retry writes them again; if the
     * file cannot be cut, its complete lines stay and are read from its tail as written.
     */
    private void rollBack(Appended a, Exception failure) {
        forget(a.file());
        try {
            try (FileChannel ch = FileChannel.open(a.file(), StandardOpenOption.WRITE)) {
                if (ch.size() != a.after()) {
                    return;
                }
                ch.truncate(a.before());
                sync.force(ch);
            }
            if (a.created()) {
                Files.deleteIfExists(a.file());
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Appends {@code buf} after the file's last complete line and syncs it. A write or sync that fails leaves the file
     * at its length before (or removes it if this append created it): a shipper tailing it never sees a partial line,
     * nor the file shrink later.
     */
    private Appended append(Path file, ByteBuffer buf) throws IOException {
        boolean created = false;
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            created = true;
        }
        long end;
        long position;
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            end = validEnd(ch);
            if (end != ch.size()) {
                ch.truncate(end);
            }
            position = end;
            try {
                // in slices: the JDK copies a heap buffer into a temporary native one per thread, as large as the write
                ByteBuffer slice = buf.duplicate();
                while (buf.hasRemaining()) {
                    slice.limit(Math.min(buf.limit(), buf.position() + WRITE_SLICE))
                            .position(buf.position());
                    int written = ch.write(slice, position);
                    position += written;
                    buf.position(buf.position() + written);
                }
                sync.force(ch);
            } catch (IOException | RuntimeException failed) {
                try {
                    ch.truncate(end);
                    sync.force(ch);
                } catch (IOException | RuntimeException e) {
                    failed.addSuppressed(e);
                }
                if (created) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        failed.addSuppressed(e);
                    }
                }
                throw failed;
            }
        }
        if (created) {
            FileSync.directory(file.getParent());
        }
        return new Appended(file, end, position, created);
    }

    /** The length of the file up to and including its last newline: anything after it is a torn write. */
    static long validEnd(FileChannel ch) throws IOException {
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
