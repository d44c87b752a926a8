package io.github.cfaudit.sink.s3;

import io.github.cfaudit.cloudflare.AuditEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * One object's content, built in memory: the entries exactly as Cloudflare sent them, one per line, gzip-compressed or
 * not, with the MD5 that S3 checks on arrival. The same entries always give the same bytes (Java writes no timestamp
 * into the gzip header), so a replayed object is identical to the first attempt.
 *
 * @param key     the object key
 * @param body    the bytes to store
 * @param md5     the MD5 digest of {@code body}
 * @param records how many entries
 * @param first   the first entry (the key is named after it)
 * @param last    the last entry
 * @param sha256  SHA-256 of the uncompressed content (what a manifest records)
 * @param rawBytes the length of the uncompressed content
 */
record NdjsonObject(
        String key,
        byte[] body,
        byte[] md5,
        int records,
        AuditEntry first,
        AuditEntry last,
        byte[] sha256,
        long rawBytes) {

    static NdjsonObject of(String key, List<AuditEntry> entries, boolean gzip) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an object needs at least one entry");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(
                Math.max(512, (int) Math.min(Integer.MAX_VALUE - 8, rawSize(entries) / (gzip ? 4 : 1))));
        MessageDigest sha256 = newSha256();
        long raw = 0;
        try (OutputStream out =
                new DigestOutputStream(gzip ? new GZIPOutputStream(buffer, 64 * 1024) : buffer, sha256)) {
            for (AuditEntry e : entries) {
                byte[] line = line(e);
                out.write(line);
                raw += line.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(key, entries, buffer.toByteArray(), sha256.digest(), raw);
    }

    /** The object of {@code entries} whose stored bytes are {@code body}; {@code sha256} is of the raw content. */
    private static NdjsonObject of(String key, List<AuditEntry> entries, byte[] body, byte[] sha256, long rawBytes) {
        return new NdjsonObject(
                key,
                body,
                md5(body),
                entries.size(),
                entries.get(0),
                entries.get(entries.size() - 1),
                sha256,
                rawBytes);
    }

    /**
     * An object of records already rendered in a sink's codec ({@code records.get(i)} is the record of
     * {@code entries.get(i)}, without its newline), one a line.
     */
    static NdjsonObject ofRecords(String key, List<AuditEntry> entries, List<byte[]> records, boolean gzip) {
        if (entries.isEmpty() || entries.size() != records.size()) {
            throw new IllegalArgumentException("an object needs at least one entry, and one record per entry");
        }
        long size = 0;
        for (byte[] r : records) {
            size += r.length + 1L;
        }
        ByteArrayOutputStream buffer =
                new ByteArrayOutputStream(Math.max(512, (int) Math.min(Integer.MAX_VALUE - 8, size / (gzip ? 4 : 1))));
        MessageDigest sha256 = newSha256();
        try (OutputStream out =
                new DigestOutputStream(gzip ? new GZIPOutputStream(buffer, 64 * 1024) : buffer, sha256)) {
            for (byte[] r : records) {
                out.write(r);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(key, entries, buffer.toByteArray(), sha256.digest(), size);
    }

    /** An object whose content an {@link S3ObjectEncoder} built ({@code codec=ocsf-parquet}). */
    static NdjsonObject ofEncoded(String key, List<AuditEntry> entries, byte[] body) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an object needs at least one entry");
        }
        // a manifest covers the object as stored: Parquet compresses inside the file, there is no outer encoding
        return of(key, entries, body, newSha256().digest(body), body.length);
    }

    /**
     * The runs {@code [from, to)} of {@code records} that make objects of at most {@code maxRecords} records and
     * {@code maxBytes} bytes (newlines included), as {@link #split} does for verbatim entries.
     */
    static List<int[]> ranges(List<byte[]> records, int maxRecords, long maxBytes) {
        List<int[]> parts = new ArrayList<>();
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < records.size(); i++) {
            long size = records.get(i).length + 1L;
            if (i > start && (i - start == maxRecords || bytes + size > maxBytes)) {
                parts.add(new int[] {start, i});
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (start < records.size()) {
            parts.add(new int[] {start, records.size()});
        }
        return parts;
    }

    /** The NDJSON line of an entry, newline included. */
    static byte[] line(AuditEntry e) {
        byte[] json = e.jsonBytes();
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    static long lineSize(AuditEntry e) {
        return e.jsonBytes().length + 1L;
    }

    private static long rawSize(List<AuditEntry> entries) {
        long size = 0;
        for (AuditEntry e : entries) {
            size += e.jsonBytes().length + 1L;
        }
        return size;
    }

    /**
     * Splits one page's entries of one partition into objects of at most {@code maxRecords} entries and
     * {@code maxBytes} uncompressed bytes; an entry larger than {@code maxBytes} gets an object of its own.
     */
    static List<List<AuditEntry>> split(List<AuditEntry> entries, int maxRecords, long maxBytes) {
        List<List<AuditEntry>> parts = new ArrayList<>();
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            long size = lineSize(entries.get(i));
            if (i > start && (i - start == maxRecords || bytes + size > maxBytes)) {
                parts.add(entries.subList(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (start < entries.size()) {
            parts.add(entries.subList(start, entries.size()));
        }
        return parts;
    }

    String md5Base64() {
        return Base64.getEncoder().encodeToString(md5);
    }

    String md5Hex() {
        return HexFormat.of().formatHex(md5);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] md5(byte[] body) {
        try {
            return MessageDigest.getInstance("MD5").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "NdjsonObject[" + key + ", " + records + " entries, " + body.length + " bytes]";
    }
}
