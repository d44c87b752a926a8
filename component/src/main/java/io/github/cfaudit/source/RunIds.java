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
 *
 * <p>The table is {@link #SEGMENTS} tables, an id's segment chosen by the top bits of its hash, each growing on its
 * own: a table that doubles holds its old and new arrays at once, and one table of 2^20 slots would briefly need 24 MiB
 * of a small heap where a segment needs 1/64 of that.
 */
final class RunIds {
    /** 750,000 ids fit a table of 2^20 slots: 16 MiB. */
    static final int DEFAULT_CAPACITY = 750_000;

    /** The number of segments (a power of two). */
    static final int SEGMENTS = 64;

    private static final int SEGMENT_SHIFT = 64 - Integer.numberOfTrailingZeros(SEGMENTS);
    private static final int INITIAL_SLOTS = 16;
    private static final double MAX_LOAD = 0.75;
    private static final long UUID_FORM = 0x5DEECE66DA3B1F27L;

    private final int capacity;
    /**
     * Segment s's slot i holds (segments[s][2i], segments[s][2i+1]); (0, 0) is an empty slot, so the all-zero id is
     * kept aside.
     */
    private final long[][] segments = new long[SEGMENTS][];
    /** The ids in each segment. */
    private final int[] sizes = new int[SEGMENTS];

    private int size;
    private boolean zeroId;
    /** The two halves of the id {@link #parse} read last (the run's thread only). */
    private long hi;

    private long lo;

    RunIds() {
        this(DEFAULT_CAPACITY);
    }

    RunIds(int capacity) {
        this.capacity = capacity;
        for (int s = 0; s < SEGMENTS; s++) {
            segments[s] = new long[2 * INITIAL_SLOTS];
        }
    }

    /** Adds {@code id}; false when it was there already. */
    boolean add(String id) {
        if (!parse(id)) {
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
        long hash = hash(hi, lo);
        int s = (int) (hash >>> SEGMENT_SHIFT);
        long[] table = segments[s];
        if (sizes[s] + 1 > MAX_LOAD * (table.length / 2)) {
            table = grow(s);
        }
        if (!insert(table, hash, hi, lo)) {
            return false;
        }
        sizes[s]++;
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

    /** Forgets every id (the tables keep their size: a run that filled them once is likely to again). */
    void clear() {
        for (long[] table : segments) {
            Arrays.fill(table, 0L);
        }
        Arrays.fill(sizes, 0);
        size = 0;
        zeroId = false;
    }

    /** The slots of every segment together (for tests). */
    int slots() {
        int slots = 0;
        for (long[] table : segments) {
            slots += table.length / 2;
        }
        return slots;
    }

    private long[] grow(int s) {
        long[] table = segments[s];
        long[] bigger = new long[table.length * 2];
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != 0 || table[i + 1] != 0) {
                insert(bigger, hash(table[i], table[i + 1]), table[i], table[i + 1]);
            }
        }
        segments[s] = bigger;
        return bigger;
    }

    private static boolean insert(long[] t, long hash, long hi, long lo) {
        int mask = t.length / 2 - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
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

    /** The top bits choose the segment, the low bits the slot in it. */
    private static long hash(long hi, long lo) {
        // the murmur3 finalizer: UUIDv7 and time-derived ids share their high bits, so mix both halves
        long k = hi * 0x9E3779B97F4A7C15L ^ lo;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /**
     * The 128 bits of an id of 32 lower-case hex digits, or of a UUID (8-4-4-4-12 digits, dashed; its bits are
     * flipped by a constant, so that the two forms of the same digits are two ids, as they are two strings); null for
     * any other form, which is hashed instead (ids are compared as strings, so upper-case digits are another form).
     */
    static long[] hex128(String id) {
        RunIds reader = new RunIds(0);
        return reader.parse(id) ? new long[] {reader.hi, reader.lo} : null;
    }

    /** Reads the 128 bits of {@code id} into {@link #hi} and {@link #lo}, as {@link #hex128}; false for other forms. */
    private boolean parse(String id) {
        int n = id.length();
        if (n != 32 && n != 36) {
            return false;
        }
        long h = 0;
        long l = 0;
        int digits = 0;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (n == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
                if (c != '-') {
                    return false;
                }
                continue;
            }
            int v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                v = c - 'a' + 10;
            } else {
                return false;
            }
            if (digits < 16) {
                h = h << 4 | v;
            } else {
                l = l << 4 | v;
            }
            digits++;
        }
        hi = n == 36 ? h ^ UUID_FORM : h;
        lo = n == 36 ? l ^ UUID_FORM : l;
        return true;
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
