package io.github.cfaudit.sink.manifest;

import io.github.cfaudit.cloudflare.AuditEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the manifest chains of one sink, one chain per source (docs/archive.md). The sink reports what it stored
 * once it is durable ({@link #appended}, {@link #stored}); the writer keeps it, hashed as it was written, and
 * signs a manifest of it when one is due: once {@code manifest.interval} passed since the last one (checked after
 * each page and at the end of each run) and when the sink stops. Between two manifests the checkpoint may move past
 * data no manifest covers yet; if the process dies there, the next process finds that data in the archive (bytes
 * past the last covered range, objects no manifest names) before its first write for the source and covers it,
 * marked {@code recovered}, in its first manifest. A manifest never names data that is not stored.
 */
public final class ManifestWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestWriter.class);

    private final String sink;
    private final SigningKey key;
    private final Duration interval;
    private final ManifestArchive archive;
    private final Clock clock;
    private final Map<String, Chain> chains = new ConcurrentHashMap<>();

    public ManifestWriter(String sink, ManifestSettings settings, ManifestArchive archive, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink == null");
        this.key = settings.signingKey().orElseThrow(() -> new IllegalArgumentException("no signing key"));
        this.interval = settings.interval();
        this.archive = Objects.requireNonNull(archive, "archive == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    /** The name of the manifest with sequence number {@code sequence}: zero-padded, so names sort by sequence. */
    public static String name(long sequence) {
        return String.format(Locale.ROOT, "%012d.json", sequence);
    }

    /**
     * Before the first write for {@code source} in this process: reads the chain's head and coverage, and takes up the
     * data a previous process stored without covering it. Call before storing anything for the source.
     */
    public void prepare(String source) throws IOException {
        Chain c = chain(source);
        synchronized (c) {
            if (!c.loaded) {
                c.load();
            }
        }
    }

    /**
     * The sink appended {@code content} (positioned at its start) to {@code path} at {@code [from, to)}, durably;
     * {@code written} are the entries of those lines.
     */
    public void appended(String source, String path, long from, long to, ByteBuffer content, List<AuditEntry> written)
            throws IOException {
        Chain c = chain(source);
        synchronized (c) {
            if (!c.loaded) {
                c.load();
            }
            Range r = c.openRanges.get(path);
            if (r == null || r.to != from) {
                r = new Range(path, from);
                c.openRanges.put(path, r);
                c.pending.add(r);
            }
            r.md.update(content.duplicate());
            r.to = to;
            r.add(written);
        }
    }

    /** The sink stored an object (replacing any earlier one of that key): its uncompressed content's SHA-256. */
    public void stored(
            String source,
            String key,
            long bytes,
            long storedBytes,
            byte[] sha256,
            int entries,
            AuditEntry first,
            AuditEntry last)
            throws IOException {
        Chain c = chain(source);
        synchronized (c) {
            if (!c.loaded) {
                c.load();
            }
            c.objects.put(
                    key,
                    new Manifest.Item(
                            key,
                            true,
                            0,
                            bytes,
                            storedBytes,
                            HexFormat.of().formatHex(sha256),
                            entries,
                            first.id(),
                            last.id(),
                            first.time(),
                            last.time(),
                            false));
        }
    }

    /** After a page: a manifest if one is due (the interval passed since the last one). */
    public void afterPage(String source) throws IOException {
        Chain c = chains.get(source);
        if (c == null) {
            return;
        }
        synchronized (c) {
            if (c.hasPending() && due(c)) {
                c.write();
            }
        }
    }

    /**
     * At the end of a run: takes up what a previous process left uncovered, and writes a manifest if one is due. A
     * failure is logged: the run's data is confirmed already, and a later manifest covers it.
     */
    public void endRun(String source) {
        try {
            prepare(source);
            afterPage(source);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "sink {}: the manifest of source {} could not be written ({}); a later one covers that data",
                    sink,
                    source,
                    e.getMessage());
        }
    }

    /** When the sink stops: a manifest of every source with data not yet covered. Failures are logged. */
    public void close() {
        for (Chain c : chains.values()) {
            synchronized (c) {
                if (c.loaded && c.hasPending()) {
                    try {
                        c.write();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn(
                                "sink {}: the manifest of source {} could not be written ({}); the next run covers "
                                        + "that data",
                                sink,
                                c.source,
                                e.getMessage());
                    }
                }
            }
        }
    }

    private boolean due(Chain c) {
        return c.lastWritten == null || !clock.instant().isBefore(c.lastWritten.plus(interval));
    }

    private Chain chain(String source) {
        return chains.computeIfAbsent(source, Chain::new);
    }

    /** An open byte range of a file: appends that follow each other, hashed as they are written. */
    private static final class Range {
        final String path;
        final long from;
        long to;
        final MessageDigest md = ManifestKeys.sha256();
        long entries;
        AuditEntry first;
        AuditEntry last;

        Range(String path, long from) {
            this.path = path;
            this.from = from;
            this.to = from;
        }

        void add(List<AuditEntry> written) {
            if (written.isEmpty()) {
                return;
            }
            if (first == null) {
                first = written.get(0);
            }
            last = written.get(written.size() - 1);
            entries += written.size();
        }

        Manifest.Item item() {
            MessageDigest copy;
            try {
                copy = (MessageDigest) md.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 cannot be cloned in this JVM", e);
            }
            return new Manifest.Item(
                    path,
                    false,
                    from,
                    to,
                    to - from,
                    HexFormat.of().formatHex(copy.digest()),
                    entries,
                    first == null ? null : first.id(),
                    last == null ? null : last.id(),
                    first == null ? null : first.time(),
                    last == null ? null : last.time(),
                    false);
        }
    }

    /** The chain of one source: its head, what earlier manifests cover, and what waits for the next one. */
    private final class Chain {
        final String source;
        boolean loaded;
        String headName;
        Manifest.Link head;
        Instant lastWritten;
        /** path -> end of the covered bytes (files), or presence (objects). */
        final Map<String, Long> covered = new LinkedHashMap<>();
        /** Items found uncovered at load, and file ranges, in the order they were stored. */
        final List<Object> pending = new ArrayList<>();
        /** The last open range per file: an append right after it extends it. */
        final Map<String, Range> openRanges = new LinkedHashMap<>();
        /** Objects stored since the last manifest, by key: a replay replaces an object, and its item. */
        final Map<String, Manifest.Item> objects = new LinkedHashMap<>();

        Chain(String source) {
            this.source = source;
        }

        boolean hasPending() {
            return !pending.isEmpty() || !objects.isEmpty();
        }

        /** Reads every manifest of the chain (the head links the next one; the others tell what is covered). */
        void load() throws IOException {
            covered.clear();
            headName = null;
            head = null;
            lastWritten = null;
            SortedSet<String> names = archive.manifestNames(source);
            for (String name : names) {
                byte[] bytes = archive.readManifest(source, name);
                ManifestFormat.Signed signed;
                try {
                    signed = ManifestFormat.parse(bytes);
                } catch (ManifestFormat.MalformedManifestException e) {
                    if (name.equals(names.last())) {
                        throw new IOException("sink " + sink + " cannot continue the manifest chain of source "
                                + source + ": its newest manifest " + archive.manifestPath(source, name)
                                + " is not readable (" + e.getMessage() + "); run --verify, and move it away if it"
                                + " is damaged");
                    }
                    LOG.warn(
                            "sink {}: manifest {} is not readable ({}); --verify will report it",
                            sink,
                            archive.manifestPath(source, name),
                            e.getMessage());
                    continue;
                }
                Manifest m = signed.manifest();
                for (Manifest.Item i : m.items()) {
                    covered.merge(i.path(), i.to(), Math::max);
                }
                headName = name;
                head = new Manifest.Link(
                        archive.manifestPath(source, name), m.sequence(), signed.fileSha256(), signed.signature());
                lastWritten = m.createdAt();
            }
            if (!loaded) {
                recover();
            }
            loaded = true;
        }

        /** Data a previous process stored and did not cover: pending, marked recovered, hashed as found now. */
        private void recover() throws IOException {
            for (Map.Entry<String, Long> d : archive.data(source).entrySet()) {
                String path = d.getKey();
                if (archive.ranges()) {
                    long from = covered.getOrDefault(path, 0L);
                    long end = archive.completeLength(path);
                    if (end > from) {
                        pending.add(recovered(path, false, archive.read(path, from, end), from, end));
                    }
                } else if (!covered.containsKey(path)) {
                    ManifestArchive.Content content = archive.read(path, 0, -1);
                    objects.put(path, recovered(path, true, content, 0, content.bytes()));
                }
            }
            if (!pending.isEmpty() || !objects.isEmpty()) {
                LOG.warn(
                        "sink {}: {} file range(s) or object(s) of source {} are stored but covered by no manifest "
                                + "(the process before stopped before writing one); the next manifest covers them, "
                                + "marked recovered",
                        sink,
                        pending.size() + objects.size(),
                        source);
            }
        }

        private Manifest.Item recovered(String path, boolean object, ManifestArchive.Content c, long from, long to) {
            return new Manifest.Item(
                    path, object, from, to, c.storedBytes(), c.sha256(), c.lines(), null, null, null, null, true);
        }

        void write() throws IOException {
            SortedSet<String> names = archive.manifestNames(source);
            String newest = names.isEmpty() ? null : names.last();
            if (!Objects.equals(newest, headName)) {
                // another writer (a cluster node that ran the source meanwhile) extended the chain: continue after it
                load();
            }
            List<Manifest.Item> items = new ArrayList<>(pending.size() + objects.size());
            for (Object p : pending) {
                items.add(p instanceof Range r ? r.item() : (Manifest.Item) p);
            }
            items.addAll(objects.values());
            long sequence = head == null ? 1 : head.sequence() + 1;
            String name = name(sequence);
            Instant now = clock.instant();
            Manifest m = new Manifest(
                    sink,
                    archive.sinkType(),
                    archive.location(),
                    source,
                    sequence,
                    now,
                    key.fingerprint(),
                    head,
                    items);
            byte[] file = ManifestFormat.sign(m, key);
            archive.writeManifest(source, name, file);
            String sha256 = ManifestKeys.sha256Hex(file);
            String signature;
            try {
                signature = ManifestFormat.parse(file).signature();
            } catch (ManifestFormat.MalformedManifestException e) {
                throw new IllegalStateException(e);
            }
            String path = archive.manifestPath(source, name);
            headName = name;
            head = new Manifest.Link(path, sequence, sha256, signature);
            lastWritten = now;
            for (Manifest.Item i : items) {
                covered.merge(i.path(), i.to(), Math::max);
            }
            pending.clear();
            openRanges.clear();
            objects.clear();
            LOG.info(
                    "sink {}: manifest {} of source {}: {} item(s), {} entries, SHA-256 {}",
                    sink,
                    path,
                    source,
                    items.size(),
                    m.entries(),
                    sha256);
        }
    }
}
