package io.github.cfaudit.sink.manifest;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code --verify}: walks every manifest chain of a sink (one per source) and checks each manifest's signature, the
 * chain's continuity (sequence numbers without gaps, each manifest carrying its predecessor's path, SHA-256 and
 * signature), every covered file range or object against its SHA-256, length and line count, and that no data is
 * stored that no manifest covers. What that proves, and what it does not, is in docs/archive.md.
 */
public final class ManifestVerifier {
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    private final ManifestArchive archive;
    private final Map<String, PublicKey> keys;
    private final Consumer<String> progress;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, String> heads = new LinkedHashMap<>();
    private long manifests;
    private long items;
    private long entries;
    private long bytes;
    private long lastProgress = System.nanoTime();

    /** {@code keys}: the public keys accepted, by fingerprint; {@code progress}: a line now and then on long archives. */
    public ManifestVerifier(ManifestArchive archive, Map<String, PublicKey> keys, Consumer<String> progress) {
        this.archive = Objects.requireNonNull(archive, "archive == null");
        this.keys = Map.copyOf(keys);
        this.progress = Objects.requireNonNull(progress, "progress == null");
    }

    /** A problem found: the file, object or manifest, and what is wrong with it. */
    public record Problem(String path, String what) {
        @Override
        public String toString() {
            return path + ": " + what;
        }
    }

    /**
     * What was verified.
     *
     * @param heads per source, the newest manifest: {@code <path> sequence <n> sha256 <hex>}, to compare with a
     *              record kept outside the archive
     */
    public record Report(
            List<Problem> problems, long manifests, long items, long entries, long bytes, Map<String, String> heads) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    public Report verify() throws IOException {
        for (String source : new TreeSet<>(archive.sources())) {
            verifySource(source);
        }
        return new Report(List.copyOf(problems), manifests, items, entries, bytes, Map.copyOf(heads));
    }

    private void problem(String path, String what) {
        problems.add(new Problem(path, what));
    }

    /** A covered range or object and the manifest that covers it. */
    private record Covered(Manifest.Item item, String manifest) {}

    private void verifySource(String source) throws IOException {
        SortedSet<String> names = archive.manifestNames(source);
        ManifestFormat.Signed previous = null;
        String previousPath = null;
        long expected = 1;
        Map<String, List<Covered>> ranges = new TreeMap<>();
        Map<String, Covered> objects = new TreeMap<>();
        for (String name : names) {
            String path = archive.manifestPath(source, name);
            byte[] file;
            try {
                file = archive.readManifest(source, name);
            } catch (NoSuchFileException gone) {
                problem(path, "listed but gone while verifying");
                continue;
            }
            ManifestFormat.Signed signed;
            try {
                signed = ManifestFormat.parse(file);
            } catch (ManifestFormat.MalformedManifestException e) {
                problem(path, "not a readable manifest: " + e.getMessage());
                previous = null;
                previousPath = path;
                expected++;
                continue;
            }
            Manifest m = signed.manifest();
            manifests++;
            PublicKey key = keys.get(m.keyFingerprint());
            if (key == null) {
                problem(
                        path,
                        "signed by the key with fingerprint " + m.keyFingerprint()
                                + ", which is none of the public keys given (" + String.join(", ", keys.keySet())
                                + ")");
            } else if (!ManifestKeys.verify(key, signed.body(), signature(signed.signature()))) {
                problem(path, "its signature does not match its content: the manifest was changed after it was signed");
            }
            if (!m.source().equals(source) || !m.sinkType().equals(archive.sinkType())) {
                problem(
                        path,
                        "names source " + m.source() + " of a " + m.sinkType() + " sink, but lies in the chain of "
                                + "source " + source + " of a " + archive.sinkType() + " sink");
            }
            if (!name.equals(ManifestWriter.name(m.sequence()))) {
                problem(path, "carries sequence number " + m.sequence() + ", which does not match its name");
            }
            if (m.sequence() > expected) {
                problem(
                        archive.manifestPath(source, ManifestWriter.name(expected)),
                        (m.sequence() - expected == 1
                                        ? "missing: manifest " + expected + " is not there"
                                        : "missing: manifests " + expected + " to " + (m.sequence() - 1)
                                                + " are not there")
                                + " (the chain goes from " + (expected - 1) + " to " + m.sequence() + ")");
            } else if (m.sequence() < expected) {
                problem(path, "sequence number " + m.sequence() + " out of order (expected " + expected + ")");
            }
            checkLink(path, m, previous, previousPath);
            for (Manifest.Item i : m.items()) {
                items++;
                entries += i.entries();
                bytes += i.bytes();
                if (archive.ranges()) {
                    ranges.computeIfAbsent(i.path(), p -> new ArrayList<>()).add(new Covered(i, path));
                } else {
                    // a replay overwrites an object and the next manifest covers it again: the newest coverage counts
                    objects.put(i.path(), new Covered(i, path));
                }
            }
            previous = signed;
            previousPath = path;
            expected = m.sequence() + 1;
            heads.put(source, path + " sequence " + m.sequence() + " sha256 " + signed.fileSha256());
            progress();
        }
        String head = previousPath == null ? "no manifest" : "the newest manifest " + previousPath;
        Map<String, Long> data = archive.data(source);
        if (archive.ranges()) {
            checkRanges(ranges, data, head);
        } else {
            checkObjects(objects, data, head);
        }
    }

    private void checkLink(String path, Manifest m, ManifestFormat.Signed previous, String previousPath) {
        Manifest.Link link = m.previous();
        if (m.sequence() == 1) {
            if (link != null) {
                problem(path, "is the first of its chain but names a previous manifest " + link.path());
            }
            return;
        }
        if (link == null) {
            problem(path, "names no previous manifest, but has sequence number " + m.sequence());
            return;
        }
        if (previous == null) {
            return; // the gap or the unreadable manifest before it is reported already
        }
        if (!link.path().equals(previousPath)) {
            problem(
                    path,
                    "names " + link.path() + " as its previous manifest, but the one before it is " + previousPath);
        } else if (!link.sha256().equals(previous.fileSha256())) {
            problem(
                    previousPath,
                    "its SHA-256 is not the one manifest " + path + " recorded for it: it was changed or replaced"
                            + " after the next manifest was written");
        } else if (!link.signature().equals(previous.signature())) {
            problem(previousPath, "its signature is not the one manifest " + path + " recorded for it");
        }
    }

    private void checkRanges(Map<String, List<Covered>> ranges, Map<String, Long> data, String head)
            throws IOException {
        TreeSet<String> paths = new TreeSet<>(ranges.keySet());
        paths.addAll(data.keySet());
        for (String path : paths) {
            List<Covered> covered = ranges.getOrDefault(path, List.of());
            covered.sort(Comparator.comparingLong(c -> c.item().from()));
            Long size = data.get(path);
            if (size == null) {
                Covered first = covered.get(0);
                problem(
                        path,
                        "deleted: manifest " + first.manifest() + " covers bytes ["
                                + first.item().from() + ", " + first.item().to() + ") of it");
                continue;
            }
            long position = 0;
            for (Covered c : covered) {
                Manifest.Item i = c.item();
                if (i.from() > position) {
                    problem(path, "bytes [" + position + ", " + i.from() + ") are covered by no manifest (inserted)");
                } else if (i.from() < position) {
                    problem(
                            path,
                            "bytes [" + i.from() + ", " + position + ") are covered twice (by " + c.manifest()
                                    + " too)");
                }
                if (size < i.to()) {
                    problem(
                            path,
                            "truncated: it has " + size + " bytes, and manifest " + c.manifest() + " covers bytes ["
                                    + i.from() + ", " + i.to() + ")");
                } else {
                    ManifestArchive.Content content = archive.read(path, i.from(), i.to());
                    if (!content.sha256().equals(i.sha256())) {
                        problem(
                                path,
                                "bytes [" + i.from() + ", " + i.to() + ") were changed: their SHA-256 is not the "
                                        + "one manifest " + c.manifest() + " recorded");
                    } else if (content.lines() != i.entries()) {
                        problem(
                                path,
                                "bytes [" + i.from() + ", " + i.to() + ") hold " + content.lines() + " lines, manifest "
                                        + c.manifest() + " says " + i.entries());
                    }
                }
                position = Math.max(position, i.to());
                progress();
            }
            if (size > position) {
                problem(
                        path,
                        "bytes [" + position + ", " + size + ") are covered by no manifest: appended after " + head
                                + " (or a newer manifest was deleted, or the sink stopped before writing one)");
            }
        }
    }

    private void checkObjects(Map<String, Covered> objects, Map<String, Long> data, String head) throws IOException {
        for (Map.Entry<String, Covered> e : objects.entrySet()) {
            String key = e.getKey();
            Manifest.Item i = e.getValue().item();
            if (!data.containsKey(key)) {
                problem(key, "deleted: manifest " + e.getValue().manifest() + " covers it");
                continue;
            }
            ManifestArchive.Content content;
            try {
                content = archive.read(key, 0, -1);
            } catch (NoSuchFileException gone) {
                problem(key, "deleted while verifying: manifest " + e.getValue().manifest() + " covers it");
                continue;
            }
            if (!content.sha256().equals(i.sha256()) || content.bytes() != i.bytes()) {
                problem(
                        key,
                        "changed: its content (uncompressed) is not what manifest "
                                + e.getValue().manifest() + " recorded");
            } else if (content.lines() != i.entries()) {
                problem(
                        key,
                        "holds " + content.lines() + " lines, manifest "
                                + e.getValue().manifest() + " says " + i.entries());
            }
            progress();
        }
        for (String key : data.keySet()) {
            if (!objects.containsKey(key)) {
                problem(
                        key,
                        "covered by no manifest: stored after " + head
                                + " (or a newer manifest was deleted, or the sink stopped before writing one)");
            }
        }
    }

    private static byte[] signature(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private void progress() {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_NANOS) {
            lastProgress = now;
            progress.accept("verified " + manifests + " manifest(s), " + items + " item(s), " + bytes
                    + " bytes so far; " + problems.size() + " problem(s)");
        }
    }
}
