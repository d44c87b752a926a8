package io.github.cfaudit.sink.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One manifest of a chain: what a sink stored for one source since the previous manifest (docs/archive.md).
 *
 * @param sink           the sink name
 * @param sinkType       {@code file} or {@code s3}
 * @param location       where the sink writes, for people: the directory, or {@code s3://bucket/prefix}
 * @param source         the source name
 * @param sequence       1 for the first manifest of the chain, then each one more
 * @param createdAt      when it was written
 * @param keyFingerprint SHA-256 of the signing key's public SubjectPublicKeyInfo DER, hex
 * @param previous       the manifest before it, null for the first
 * @param items          the data it covers
 */
public record Manifest(
        String sink,
        String sinkType,
        String location,
        String source,
        long sequence,
        Instant createdAt,
        String keyFingerprint,
        Link previous,
        List<Item> items) {
    public static final String FORMAT = "cfaudit-manifest/1";

    public Manifest {
        Objects.requireNonNull(sink, "sink == null");
        Objects.requireNonNull(sinkType, "sinkType == null");
        Objects.requireNonNull(location, "location == null");
        Objects.requireNonNull(source, "source == null");
        Objects.requireNonNull(createdAt, "createdAt == null");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint == null");
        items = List.copyOf(items);
    }

    /** Entries over every item. */
    public long entries() {
        return items.stream().mapToLong(Item::entries).sum();
    }

    /** Bytes over every item (uncompressed). */
    public long bytes() {
        return items.stream().mapToLong(Item::bytes).sum();
    }

    /**
     * The manifest before: CloudTrail's {@code previousDigestS3Object}, {@code previousDigestHashValue} and
     * {@code previousDigestSignature}.
     *
     * @param path      its path below the sink's directory, or its object key
     * @param sequence  its sequence number
     * @param sha256    SHA-256 of its whole file, hex
     * @param signature its signature, base64
     */
    public record Link(String path, long sequence, String sha256, String signature) {
        public Link {
            Objects.requireNonNull(path, "path == null");
            Objects.requireNonNull(sha256, "sha256 == null");
            Objects.requireNonNull(signature, "signature == null");
        }
    }

    /**
     * Data the manifest covers: for a file sink, the bytes {@code [from, to)} one or more appends added to a file; for
     * an S3 sink, a whole object ({@code from} 0, {@code to} its uncompressed length).
     *
     * @param path           the file below the sink's directory, or the object key
     * @param object         true: an S3 object; false: a byte range of a file
     * @param from           first byte (file), 0 (object)
     * @param to             the byte after the last one (file); the uncompressed length (object)
     * @param storedBytes    the object's stored (maybe compressed) length; {@code to - from} for a file
     * @param sha256         SHA-256 of those bytes, uncompressed, hex
     * @param entries        lines in those bytes
     * @param firstId        Cloudflare id of the first entry; null for recovered data
     * @param lastId         Cloudflare id of the last entry; null for recovered data
     * @param firstEventTime event time of the first entry; null for recovered data
     * @param lastEventTime  event time of the last entry; null for recovered data
     * @param recovered      true: found in the archive after a process stopped before its manifest, and hashed as found
     */
    public record Item(
            String path,
            boolean object,
            long from,
            long to,
            long storedBytes,
            String sha256,
            long entries,
            String firstId,
            String lastId,
            Instant firstEventTime,
            Instant lastEventTime,
            boolean recovered) {
        public Item {
            Objects.requireNonNull(path, "path == null");
            Objects.requireNonNull(sha256, "sha256 == null");
        }

        public long bytes() {
            return to - from;
        }

        /** {@code path} or {@code path [from, to)}. */
        public String describe() {
            return object ? path : path + " bytes [" + from + ", " + to + ")";
        }
    }
}
