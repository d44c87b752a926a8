package io.github.cfaudit.sink.s3;

import io.github.cfaudit.cloudflare.AuditEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 */
record NdjsonObject(String key, byte[] body, byte[] md5, int records, AuditEntry first, AuditEntry last) {

    static NdjsonObject of(String key, List<AuditEntry> entries, boolean gzip) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an object needs at least one entry");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(
                Math.max(512, (int) Math.min(Integer.MAX_VALUE - 8, rawSize(entries) / (gzip ? 4 : 1))));
        try (OutputStream out = gzip ? new GZIPOutputStream(buffer, 64 * 1024) : buffer) {
            for (AuditEntry e : entries) {
                out.write(line(e));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = buffer.toByteArray();
        return new NdjsonObject(key, body, md5(body), entries.size(), entries.get(0), entries.get(entries.size() - 1));
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
