package io.github.cfaudit.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The ids one run has delivered, so that an entry the API hands back again later in the same run (an overlapping
 * page, a page served twice) is delivered once, whatever its event time. The lookback's ids in the checkpoint only
 * reach back {@code lookback} from the watermark; this set covers the whole run.
 *
 * <p>Kept small because a backfill run can deliver millions of entries: an id is held as 128 bits in an
 * open-addressing table of {@code long}s (16 bytes an id, about 21 with the table's spare room), exact for the id
 * forms Cloudflare uses (32 hex digits for audit logs v2, UUIDs for insights and v1) and the SHA-256 of the id
 * truncated to 128 bits for any other form (a collision is as likely as guessing a random UUID). The set holds at
 * most {@link #DEFAULT_CAPACITY} ids; {@link #isFull()} tells the run to fall back on the checkpoint's ids (see
 * {@link SourceRun}).
 */
final class RunIds {
    /** 750,000 ids fit a table of 2^20 slots: 16 MiB. */
    static final int DEFAULT_CAPACITY = 750_000;

    private static final int INITIAL_SLOTS = 1 << 10;
    private static final double MAX_LOAD = 0.75;
    private static final long UUID_FORM = 0x5DEECE66DA3B1F27L;

    private final int capacity;
    /** Slot i holds (table[2i], table[2i+1]); (0, 0) is an empty slot, so the all-zero id is kept aside. */
    private long[] table = new long[2 * INITIAL_SLOTS];

    private int size;
    private boolean zeroId;

    RunIds() {
        this(DEFAULT_CAPACITY);
    }

    RunIds(int capacity) {
        this.capacity = capacity;
    }

    /** Adds {@code id}; false when it was there already. */
    boolean add(String id) {
        long hi;
        long lo;
        long[] exact = hex128(id);
        if (exact != null) {
            hi = exact[0];
            lo = exact[1];
        } else {
            byte[] d = sha256(id);
            hi = bytesToLong(d, 0);
            lo = bytesToLong(d, 8);
        }
        if (hi == 0 && lo == 0) {
            boolean fresh = !zeroId;
            zeroId = true;
            size += fresh ? 1 : 0;
            return fresh;
        }
        if (size + 1 > MAX_LOAD * (table.length / 2)) {
            grow();
        }
        if (!insert(table, hi, lo)) {
            return false;
        }
        size++;
        return true;
    }

    int size() {
        return size;
    }

    /** True once the set holds as many ids as it may. */
    boolean isFull() {
        return size >= capacity;
    }

    /** Forgets every id (the table keeps its size: a run that filled it once is likely to again). */
    void clear() {
        Arrays.fill(table, 0L);
        size = 0;
        zeroId = false;
    }

    private void grow() {
        long[] bigger = new long[table.length * 2];
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != 0 || table[i + 1] != 0) {
                insert(bigger, table[i], table[i + 1]);
            }
        }
        table = bigger;
    }

    private static boolean insert(long[] t, long hi, long lo) {
        int mask = t.length / 2 - 1;
        for (int i = slot(hi, lo, mask); ; i = (i + 1) & mask) {
            long h = t[2 * i];
            long l = t[2 * i + 1];
            if (h == 0 && l == 0) {
                t[2 * i] = hi;
                t[2 * i + 1] = lo;
                return true;
            }
            if (h == hi && l == lo) {
                return false;
            }
        }
    }

    private static int slot(long hi, long lo, int mask) {
        // the murmur3 finalizer: UUIDv7 and time-derived ids share their high bits, so mix both halves
        long k = hi * 0x9E3779B97F4A7C15L ^ lo;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return (int) k & mask;
    }

    /**
     * The 128 bits of an id of 32 lower-case hex digits, or of a UUID (8-4-4-4-12 digits, dashed; its bits are
     * flipped by a constant, so that the two forms of the same digits are two ids, as they are two strings); null for
     * any other form, which is hashed instead (ids are compared as strings, so upper-case digits are another form).
     */
    static long[] hex128(String id) {
        int n = id.length();
        if (n != 32 && n != 36) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        int digits = 0;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (n == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                v = c - 'a' + 10;
            } else {
                return null;
            }
            if (digits < 16) {
                hi = hi << 4 | v;
            } else {
                lo = lo << 4 | v;
            }
            digits++;
        }
        return n == 36 ? new long[] {hi ^ UUID_FORM, lo ^ UUID_FORM} : new long[] {hi, lo};
    }

    private static byte[] sha256(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static long bytesToLong(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }
}
