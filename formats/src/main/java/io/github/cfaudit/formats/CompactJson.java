package io.github.cfaudit.formats;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The fast way to an {@link EntryTree}: for an entry written in <em>canonical</em> JSON, only the fields a mapping
 * reads become nodes; every other value stays a slice of the entry's bytes, written back as it is. Canonical means
 * exactly the bytes {@link EntryTree#MAPPER} would write for the value once parsed: no whitespace between tokens;
 * strings of valid UTF-8 within the Basic Multilingual Plane (no encoded surrogate; Jackson writes a character beyond it
 * as an escaped surrogate pair) with only the escapes Jackson writes ({@code \" \\ \n \t \r \b \f}
 * and <code>&#92;u00XX</code>, upper-case hex, for the other control characters); integers without {@code -0}; no floating
 * point number (a {@code BigDecimal} may print differently from its text); no key twice in an object (a tree keeps
 * the last value at the first place); at most {@value #MAX_DEPTH} levels. For such an entry, a record made from the
 * pruned tree is byte for byte the record made from the full tree; for any other entry {@link #prune} answers null
 * and the caller parses the whole entry, as before.
 *
 * <p>What the JSON the page parser hands out looks like (compact, Jackson-like escaping) is canonical; an entry
 * with <code>&#92;u003c</code>-style escapes (Go's HTML-safe encoding), spaces or numbers with fractions takes the full
 * parse: the same record, more CPU.
 */
final class CompactJson {
    static final int MAX_DEPTH = 64;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Which fields a mapping reads: a leaf takes the whole value, an inner node the listed fields of an object. */
    static final class Paths {
        final Map<String, Paths> children = new HashMap<>();

        /** Paths from dotted names: {@code "actor.email"} makes {@code actor} inner and {@code email} a leaf. */
        static Paths of(String... dotted) {
            Paths root = new Paths();
            for (String d : dotted) {
                Paths p = root;
                for (String part : d.split("\\.")) {
                    p = p.children.computeIfAbsent(part, k -> new Paths());
                }
            }
            return root;
        }

        boolean leaf() {
            return children.isEmpty();
        }
    }

    /** A value left as the entry's bytes: what a pruned tree holds where a mapping reads nothing. */
    static final class Raw implements SerializableString {
        private final byte[] bytes;
        private final int from;
        private final int length;

        Raw(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.from = from;
            this.length = to - from;
        }

        /** The value as a node that serialises these bytes unchanged. */
        JsonNode node() {
            return new POJONode(new RawValue(this));
        }

        @Override
        public String getValue() {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return Arrays.copyOfRange(bytes, from, from + length);
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, from, buffer, offset, length);
            return length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String s = getValue();
            if (offset + s.length() > buffer.length) {
                return -1;
            }
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes, from, length);
            return length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < length) {
                return -1;
            }
            buffer.put(bytes, from, length);
            return length;
        }

        @Override
        public String toString() {
            return getValue();
        }
    }

    private final byte[] b;
    private final int end;
    /** Key ranges of the objects being scanned, per depth: the duplicate check. */
    private final int[][] keys = new int[MAX_DEPTH + 1][];

    private CompactJson(byte[] b, int end) {
        this.b = b;
        this.end = end;
    }

    /**
     * The pruned tree of the object {@code json}: the fields of {@code wanted} as nodes (as the full parse makes
     * them), every other value a {@link Raw} node, in the entry's order. Null when the entry is not canonical.
     */
    static ObjectNode prune(byte[] json, Paths wanted) {
        CompactJson c = new CompactJson(json, json.length);
        if (json.length < 2 || json[0] != '{') {
            return null;
        }
        ObjectNode root = F.objectNode();
        int e = c.object(0, 0, wanted, root);
        return e == json.length ? root : null;
    }

    /**
     * The object at {@code p} ('{'): with {@code wanted} (and {@code into}) its fields go into {@code into}, else it
     * is only checked. The position after it, or -1 when it is not canonical.
     */
    private int object(int p, int depth, Paths wanted, ObjectNode into) {
        if (depth >= MAX_DEPTH) {
            return -1;
        }
        p++;
        if (p < end && b[p] == '}') {
            return p + 1;
        }
        int[] ranges = keys[depth];
        if (ranges == null) {
            ranges = keys[depth] = new int[32];
        }
        int count = 0;
        while (true) {
            if (p >= end || b[p] != '"') {
                return -1;
            }
            int keyStart = p;
            int keyEnd = string(p);
            if (keyEnd < 0 || keyEnd >= end || b[keyEnd] != ':') {
                return -1;
            }
            // a key twice: a tree keeps one value, these bytes two
            int keyLength = keyEnd - keyStart;
            for (int k = 0; k < count; k += 2) {
                if (ranges[k + 1] - ranges[k] == keyLength
                        && Arrays.equals(b, ranges[k], ranges[k + 1], b, keyStart, keyEnd)) {
                    return -1;
                }
            }
            if (count + 2 > ranges.length) {
                ranges = keys[depth] = Arrays.copyOf(ranges, ranges.length * 2);
            }
            ranges[count++] = keyStart;
            ranges[count++] = keyEnd;
            int v = keyEnd + 1;
            int after;
            if (into == null) {
                after = value(v, depth + 1);
            } else {
                String key = decode(keyStart, keyEnd);
                Paths child = wanted.children.get(key);
                if (child == null) {
                    after = value(v, depth + 1);
                    if (after < 0) {
                        return -1;
                    }
                    into.set(key, new Raw(b, v, after).node());
                } else if (!child.leaf() && v < end && b[v] == '{') {
                    ObjectNode inner = F.objectNode();
                    after = object(v, depth + 1, child, inner);
                    into.set(key, inner);
                } else {
                    after = value(v, depth + 1);
                    if (after < 0) {
                        return -1;
                    }
                    JsonNode n = node(v, after);
                    if (n == null) {
                        return -1;
                    }
                    into.set(key, n);
                }
            }
            if (after < 0 || after >= end) {
                return -1;
            }
            if (b[after] == ',') {
                p = after + 1;
            } else if (b[after] == '}') {
                return after + 1;
            } else {
                return -1;
            }
        }
    }

    private int array(int p, int depth) {
        if (depth >= MAX_DEPTH) {
            return -1;
        }
        p++;
        if (p < end && b[p] == ']') {
            return p + 1;
        }
        while (true) {
            int after = value(p, depth + 1);
            if (after < 0 || after >= end) {
                return -1;
            }
            if (b[after] == ',') {
                p = after + 1;
            } else if (b[after] == ']') {
                return after + 1;
            } else {
                return -1;
            }
        }
    }

    /** Checks the value at {@code p}; the position after it, or -1. */
    private int value(int p, int depth) {
        if (p >= end) {
            return -1;
        }
        switch (b[p]) {
            case '{':
                return object(p, depth, null, null);
            case '[':
                return array(p, depth);
            case '"':
                return string(p);
            case 't':
                return literal(p, "true");
            case 'f':
                return literal(p, "false");
            case 'n':
                return literal(p, "null");
            default:
                return integer(p);
        }
    }

    private int literal(int p, String word) {
        int n = word.length();
        if (p + n > end) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != word.charAt(i)) {
                return -1;
            }
        }
        return p + n;
    }

    /** An integer as Jackson writes it (no {@code -0}, no fraction, no exponent); the position after it, or -1. */
    private int integer(int p) {
        int i = p;
        if (i < end && b[i] == '-') {
            i++;
        }
        int digits = i;
        if (i < end && b[i] == '0') {
            i++;
        } else {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        if (i == digits || i - digits > 200) {
            return -1;
        }
        if (b[p] == '-' && b[digits] == '0') {
            return -1; // -0 is written back as 0
        }
        if (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9'))) {
            return -1; // a fraction or exponent (BigDecimal may print it otherwise), or a leading zero
        }
        return i;
    }

    /**
     * A string from its opening quote at {@code p}, in the form Jackson writes: the position after its closing
     * quote, or -1.
     */
    private int string(int p) {
        int i = p + 1;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= end) {
                    return -1;
                }
                int e = b[i + 1];
                if (e == '"' || e == '\\' || e == 'n' || e == 't' || e == 'r' || e == 'b' || e == 'f') {
                    i += 2;
                    continue;
                }
                // Jackson writes \\u00XX (upper-case hex) for control characters without a short escape, only
                if (e == 'u'
                        && i + 5 < end
                        && b[i + 2] == '0'
                        && b[i + 3] == '0'
                        && (b[i + 4] == '0' || b[i + 4] == '1')) {
                    int low = b[i + 5];
                    int v = (b[i + 4] - '0') * 16
                            + (low >= '0' && low <= '9' ? low - '0' : low >= 'A' && low <= 'F' ? low - 'A' + 10 : -100);
                    if (v >= 0 && v != 8 && v != 9 && v != 10 && v != 12 && v != 13) {
                        i += 6;
                        continue;
                    }
                }
                return -1;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c < 0x80) {
                i++;
            } else if (c >= 0xc2 && c <= 0xdf) {
                if (!cont(i + 1)) {
                    return -1;
                }
                i += 2;
            } else if (c >= 0xe0 && c <= 0xef) {
                if (!cont(i + 1) || !cont(i + 2)) {
                    return -1;
                }
                int c1 = b[i + 1] & 0xff;
                if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) {
                    return -1; // overlong, or a surrogate
                }
                i += 3;
            } else {
                return -1;
            }
        }
        return -1;
    }

    private boolean cont(int i) {
        return i < end && (b[i] & 0xc0) == 0x80;
    }

    /** The text of the canonical string {@code [from, to)} (quotes included). */
    private String decode(int from, int to) {
        int s = from + 1;
        int e = to - 1;
        int backslash = -1;
        for (int i = s; i < e; i++) {
            if (b[i] == '\\') {
                backslash = i;
                break;
            }
        }
        if (backslash < 0) {
            return new String(b, s, e - s, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(e - s);
        int run = s;
        for (int i = backslash; i < e; ) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            char x = (char) b[i + 1];
            switch (x) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                default -> sb.append(x);
            }
            i += 2;
            run = i;
        }
        sb.append(new String(b, run, e - run, StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** The node the full parse makes of the canonical value {@code [from, to)}. */
    private JsonNode node(int from, int to) {
        switch (b[from]) {
            case '"':
                return TextNode.valueOf(decode(from, to));
            case 't':
                return BooleanNode.TRUE;
            case 'f':
                return BooleanNode.FALSE;
            case 'n':
                return NullNode.getInstance();
            case '{':
            case '[':
                break;
            default:
                if (to - from <= 18) {
                    long v = Long.parseLong(new String(b, from, to - from, StandardCharsets.US_ASCII));
                    return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
                }
        }
        try {
            return EntryTree.MAPPER.readTree(b, from, to - from);
        } catch (IOException e) {
            return null;
        }
    }

    /** For tests: whether {@code json} is canonical as a whole. */
    static boolean isCanonical(byte[] json) {
        CompactJson c = new CompactJson(json, json.length);
        return c.value(0, 0) == json.length;
    }
}
