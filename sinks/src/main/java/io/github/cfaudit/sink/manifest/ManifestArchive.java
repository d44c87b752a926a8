package io.github.cfaudit.sink.manifest;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Where one sink keeps its data and its manifests, as the manifest writer and {@code --verify} see it: a directory of
 * the file sink, or a bucket and prefix of the S3 sink. Paths are relative to the sink's directory (with {@code /}),
 * or object keys.
 */
public interface ManifestArchive {

    /** {@code file} or {@code s3}. */
    String sinkType();

    /** Where the sink writes, for people: the directory, or {@code s3://bucket/prefix}. */
    String location();

    /** True: data are files that grow, covered by byte ranges; false: whole objects. */
    boolean ranges();

    /** The names of the manifests of {@code source} ({@code 000000000001.json}, ...), sorted. */
    SortedSet<String> manifestNames(String source) throws IOException;

    /** A manifest's bytes; {@link java.nio.file.NoSuchFileException} when it is gone. */
    byte[] readManifest(String source, String name) throws IOException;

    /** Stores a new manifest durably; never replaces one. */
    void writeManifest(String source, String name, byte[] content) throws IOException;

    /** The path of a manifest as other manifests and reports name it. */
    String manifestPath(String source, String name);

    /** Every source with data or manifests. */
    Set<String> sources() throws IOException;

    /** The data of {@code source}: path to stored length. */
    Map<String, Long> data(String source) throws IOException;

    /**
     * The length of a file up to its last complete line (a torn last line is not data); for an object, its stored
     * length.
     */
    long completeLength(String path) throws IOException;

    /**
     * What {@code path} holds: of a file the bytes {@code [from, to)}, of an object all of it, uncompressed.
     * {@link java.nio.file.NoSuchFileException} when it is gone.
     */
    Content read(String path, long from, long to) throws IOException;

    /**
     * Content as read.
     *
     * @param sha256      SHA-256 of the bytes (uncompressed), hex
     * @param bytes       how many bytes (uncompressed)
     * @param lines       how many newlines
     * @param storedBytes the stored length (compressed object); {@code bytes} for a file range
     */
    record Content(String sha256, long bytes, long lines, long storedBytes) {}
}
