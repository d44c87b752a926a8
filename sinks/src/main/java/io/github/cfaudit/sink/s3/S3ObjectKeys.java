package io.github.cfaudit.sink.s3;

import io.github.cfaudit.cloudflare.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The object keys:
 * {@code <prefix><source>/<yyyy>/<MM>/<dd>/<first-event-time>_<hash-of-first-id>[.part-NNNN].ndjson[.gz]}.
 *
 * <p>An object is named after its <em>first</em> entry, the one that opened the page's run of entries for that
 * partition, and never after its last entry or a hash of all its ids. The reason is the replay after a crash between
 * an upload and the checkpoint commit: the next run re-reads from {@code watermark - lookback}, so the entries already
 * committed (dropped as duplicates) take room on the first page and the page ends earlier than before. The first
 * uncommitted entry is the same, so the first object gets the same key and is overwritten with the shorter content;
 * the rest follows under the keys of the next pages. A key built from the last entry or all ids would differ and leave
 * the first attempt's object next to the new ones, every entry twice. This relies on the checkpoint's promise that
 * an entry, once committed, is never delivered again: a committed entry delivered again as the first of a page would
 * name a new object after an old one and overwrite it.
 *
 * <p>Only the validated source name, formatted dates and times, and a hex hash reach a key: nothing from the entry
 * content does.
 */
final class S3ObjectKeys {
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9-]+");
    /** 64 bits of SHA-256: the event time already separates entries, this separates those of the same millisecond. */
    private static final int HASH_BYTES = 8;

    private S3ObjectKeys() {}

    /** The partition (UTC event date) of an entry. */
    static LocalDate partition(AuditEntry entry) {
        return LocalDate.ofInstant(entry.time(), ZoneOffset.UTC);
    }

    /** {@code <prefix><source>/<yyyy>/<MM>/<dd>/}. */
    static String partitionPrefix(String prefix, String source, LocalDate date) {
        if (!SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException("source name not safe in a key: " + source);
        }
        return prefix + source + "/"
                + String.format(
                        Locale.ROOT,
                        "%04d/%02d/%02d/",
                        Math.abs(date.getYear()),
                        date.getMonthValue(),
                        date.getDayOfMonth());
    }

    /**
     * The key of part {@code part} (0 = the only object in the usual case) of the objects a page writes to the
     * partition of {@code first}, the first of those entries.
     */
    static String objectKey(String prefix, String source, AuditEntry first, int part, String extension) {
        if (part < 0 || part > 9999) {
            throw new IllegalArgumentException("part out of range: " + part);
        }
        String name = time(first.time()) + "_" + hash(first.id())
                + (part == 0 ? "" : String.format(Locale.ROOT, ".part-%04d", part));
        return partitionPrefix(prefix, source, partition(first)) + name + extension;
    }

    /**
     * {@code codec=ocsf-parquet}: {@code <prefix>ext/<lake source>/region=<region>/accountId=<account>/eventDay=
     * <yyyyMMdd>/<source>_<first-event-time>_<hash-of-first-id>[.part-NNNN].parquet}, named after the first entry for
     * the reason above; the cfaudit source name keeps apart the objects of sources that feed one custom source.
     */
    static String securityLakeKey(
            String prefix, SecurityLakeSettings lake, String source, AuditEntry first, int part, String extension) {
        if (part < 0 || part > 9999) {
            throw new IllegalArgumentException("part out of range: " + part);
        }
        if (!SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException("source name not safe in a key: " + source);
        }
        String name = source + "_" + time(first.time()) + "_" + hash(first.id())
                + (part == 0 ? "" : String.format(Locale.ROOT, ".part-%04d", part));
        return lake.partitionPrefix(prefix, partition(first)) + name + extension;
    }

    /**
     * {@code 20261120T101500.123Z}. Written by hand rather than with a formatter, which would put a sign before a
     * year beyond 9999 that a hostile entry could carry: only digits and {@code T.Z} reach the key.
     */
    static String time(Instant time) {
        ZonedDateTime t = time.atZone(ZoneOffset.UTC);
        return String.format(
                Locale.ROOT,
                "%04d%02d%02dT%02d%02d%02d.%03dZ",
                Math.abs(t.getYear()),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond(),
                t.getNano() / 1_000_000);
    }

    static String hash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
