package io.github.cfaudit.sink.file;

import io.github.cfaudit.internal.FileSync;
import io.github.cfaudit.sink.manifest.ManifestArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The file sink's directory as a manifest archive: data in {@code <directory>/<source>/...}, manifests in
 * {@code <directory>/_manifests/<source>/<sequence>.json}. A source name never starts with {@code _}, so the two never
 * meet.
 */
public final class FileManifestArchive implements ManifestArchive {
    static final String MANIFESTS = "_manifests";

    private final Path directory;

    public FileManifestArchive(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public String sinkType() {
        return "file";
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public boolean ranges() {
        return true;
    }

    private Path manifestDir(String source) {
        return directory.resolve(MANIFESTS).resolve(source);
    }

    @Override
    public SortedSet<String> manifestNames(String source) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        Path dir = manifestDir(source);
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public byte[] readManifest(String source, String name) throws IOException {
        return Files.readAllBytes(manifestDir(source).resolve(name));
    }

    /** Written to a temporary file, synced, moved into place (never over an existing one), directory synced. */
    @Override
    public void writeManifest(String source, String name, byte[] content) throws IOException {
        Path dir = manifestDir(source);
        boolean created = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        if (created) {
            FileSync.directory(dir.getParent());
            FileSync.directory(directory);
        }
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a manifest of that sequence exists");
        }
        Path tmp = dir.resolve("." + name + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        FileSync.directory(dir);
    }

    @Override
    public String manifestPath(String source, String name) {
        return MANIFESTS + "/" + source + "/" + name;
    }

    @Override
    public Set<String> sources() throws IOException {
        Set<String> sources = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return sources;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!name.startsWith(".") && !name.equals(MANIFESTS)) {
                    sources.add(name);
                }
            }
        }
        Path manifests = directory.resolve(MANIFESTS);
        if (Files.isDirectory(manifests)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(manifests, Files::isDirectory)) {
                dirs.forEach(d -> sources.add(d.getFileName().toString()));
            }
        }
        return sources;
    }

    @Override
    public Map<String, Long> data(String source) throws IOException {
        Map<String, Long> data = new TreeMap<>();
        Path root = directory.resolve(source);
        if (!Files.isDirectory(root)) {
            return data;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")) {
                    data.put(relative(f), Files.size(f));
                }
            }
        }
        return data;
    }

    /** A data file's path as manifests name it: relative to the directory, with {@code /}. */
    String relative(Path file) {
        return directory
                .relativize(file.toAbsolutePath().normalize())
                .toString()
                .replace('\\', '/');
    }

    private Path resolve(String path) throws IOException {
        Path p = directory.resolve(path).normalize();
        if (!p.startsWith(directory)) {
            throw new IOException("the path " + path + " leaves " + directory);
        }
        return p;
    }

    @Override
    public long completeLength(String path) throws IOException {
        try (FileChannel ch = FileChannel.open(resolve(path), StandardOpenOption.READ)) {
            return FileSink.validEnd(ch);
        }
    }

    @Override
    public Content read(String path, long from, long to) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long lines = 0;
        long read = 0;
        try (FileChannel ch = FileChannel.open(resolve(path), StandardOpenOption.READ);
                InputStream in = Channels.newInputStream(ch.position(from))) {
            byte[] buf = new byte[256 * 1024];
            long remaining = to - from;
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    break;
                }
                md.update(buf, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                read += n;
                remaining -= n;
            }
        } catch (NoSuchFileException e) {
            throw e;
        }
        return new Content(HexFormat.of().formatHex(md.digest()), read, lines, read);
    }
}
