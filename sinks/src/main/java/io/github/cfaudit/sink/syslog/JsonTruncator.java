package io.github.cfaudit.sink.syslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Shrinks an entry's JSON to a byte budget and keeps it valid JSON: the {@code oversize=truncate} policy.
 *
 * <p>It shortens the longest string values first, all to a common length (so one 100 KB field is cut, and the
 * small fields around it stay whole), and ends each cut value with {@code ...[truncated N bytes]}. Only if that is
 * not enough (a huge array of small values) does it replace the largest nested objects and arrays by a marker
 * string. The top-level {@code id} is never touched, short strings (up to {@value #KEEP_CHARS} characters) never
 * are, and a top-level {@code "_cfaudit":{"truncated":true,"original_bytes":N}} tells a JSON consumer that
 * this is not the whole entry.
 *
 * <p>The entry is never re-serialized: the result is the original text with the cut values spliced in, so every
 * value that is not cut keeps the bytes Cloudflare sent (number literals such as {@code 1.25e+300}, escapes such as
 * {@code \u00e9}, key order).
 */
final class JsonTruncator {
    static final String FLAG_FIELD = "_cfaudit";
    static final int KEEP_CHARS = 32;
    /** Lenient about raw control characters: {@link #normalize} escapes them before, but a stray one must not throw. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();
    /** The longest marker a cut adds: {@code ...[truncated 9999999999 bytes]} serialized. */
    private static final int MARKER_BYTES = marker(9_999_999_999L).length();

    private static final int MIN_CONTAINER_BYTES = 64;
    private static final int MAX_ROUNDS = 32;

    private JsonTruncator() {}

    /**
     * The JSON shortened to at most {@code budget} UTF-8 bytes, or empty when even the skeleton of the entry does not
     * fit.
     */
    static Optional<String> fit(String json, int budget) {
        Parsed parsed = Parsed.of(json);
        if (parsed == null) {
            return Optional.empty();
        }
        Edits edits = new Edits(parsed, utf8Length(json));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String text = edits.render();
            long excess = utf8Length(text) - (long) budget;
            if (excess <= 0) {
                return Optional.of(text);
            }
            if (!cutStrings(edits, excess) && !dropLargestContainer(edits)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The same JSON with raw control characters (which the page parser never lets through) escaped inside strings;
     * everything else unchanged.
     */
    static String normalize(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\' && i + 1 < json.length()) {
                    out.append(c).append(json.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
                if (c < 0x20) {
                    escape(c, out);
                } else {
                    out.append(c);
                }
            } else {
                if (c == '"') {
                    inString = true;
                }
                // outside strings a control character can only be white space
                out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** Cuts every string longer than a common cap chosen to remove {@code excess} bytes; false when none can be cut. */
    private static boolean cutStrings(Edits edits, long excess) {
        List<Slot> slots = new ArrayList<>();
        for (Slot s : edits.parsed.strings) {
            if (!edits.isDropped(s) && edits.currentBytes(s) > serializedCap(KEEP_CHARS) + MARKER_BYTES) {
                slots.add(s);
            }
        }
        if (slots.isEmpty()) {
            return false;
        }
        slots.sort(Comparator.comparingLong(edits::currentBytes).reversed());
        // The largest cap that removes enough: binary search over [floor, longest].
        int floor = serializedCap(KEEP_CHARS);
        int lo = floor;
        int hi = (int) Math.min(Integer.MAX_VALUE - 1, edits.currentBytes(slots.get(0)));
        while (lo < hi) {
            int mid = (int) (((long) lo + hi + 1) / 2);
            if (saved(edits, slots, mid) >= excess) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int cap = lo;
        boolean cut = false;
        for (Slot slot : slots) {
            if (edits.currentBytes(slot) > cap + MARKER_BYTES) {
                // always cut from the value as sent, so the marker counts every byte removed
                edits.replace(slot, quote(cutTo(slot.value, Math.max(cap, floor) - 2)));
                cut = true;
            }
        }
        return cut;
    }

    private static long saved(Edits edits, List<Slot> slots, int cap) {
        long saved = 0;
        for (Slot s : slots) {
            long bytes = edits.currentBytes(s);
            if (bytes > cap + MARKER_BYTES) {
                saved += bytes - cap - MARKER_BYTES;
            }
        }
        return saved;
    }

    /** The value's longest prefix (whole code points) that serializes into {@code bytes} (quotes excluded), plus the marker. */
    static String cutTo(String value, int bytes) {
        int used = 0;
        int end = 0;
        int keptUtf8 = 0;
        while (end < value.length()) {
            int cp = value.codePointAt(end);
            int cost = serializedCost(cp);
            if (used + cost > bytes) {
                break;
            }
            used += cost;
            keptUtf8 += utf8Length(cp);
            end += Character.charCount(cp);
        }
        long removed = utf8Length(value) - keptUtf8;
        return value.substring(0, end) + marker(removed);
    }

    private static String marker(long removedBytes) {
        return "...[truncated " + removedBytes + " bytes]";
    }

    /** Replaces the largest nested object or array (never the top-level flag) by a marker; false when none. */
    private static boolean dropLargestContainer(Edits edits) {
        Slot largest = null;
        long largestBytes = MIN_CONTAINER_BYTES;
        for (Slot c : edits.parsed.containers) {
            long bytes = edits.currentBytes(c);
            if (!edits.isDropped(c) && bytes > largestBytes) {
                largest = c;
                largestBytes = bytes;
            }
        }
        if (largest == null) {
            return false;
        }
        edits.replace(
                largest,
                quote("[truncated " + (largest.array ? "array" : "object") + " of " + largestBytes + " bytes]"));
        return true;
    }

    /** The serialized size of a string of {@code chars} plain ASCII characters, quotes included. */
    private static int serializedCap(int chars) {
        return chars + 2;
    }

    /** Bytes a code point takes inside a JSON string as {@link #quote} writes it. */
    private static int serializedCost(int cp) {
        if (cp == '"' || cp == '\\' || cp == '\b' || cp == '\f' || cp == '\n' || cp == '\r' || cp == '\t') {
            return 2;
        }
        if (cp < 0x20 || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            return 6;
        }
        return utf8Length(cp);
    }

    /** A JSON string literal; control characters and lone surrogates escaped, other characters as they are. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                escape(c, out);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append(String.format("\\u%04x", (int) c));
        }
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A value of the entry: its place in the original text ({@code [start, end)}, in chars) and, for a string, its value. */
    private static final class Slot {
        final int start;
        final int end;
        final String value;
        final boolean array;
        final long bytes;

        Slot(String json, int start, int end, String value, boolean array) {
            this.start = start;
            this.end = end;
            this.value = value;
            this.array = array;
            this.bytes = utf8Length(json.substring(start, end));
        }

        boolean contains(Slot other) {
            return start <= other.start && other.end <= end;
        }
    }

    /** The string values and nested containers of an entry, with where they are in its text. */
    private static final class Parsed {
        final String json;
        final List<Slot> strings = new ArrayList<>();
        final List<Slot> containers = new ArrayList<>();
        /** Where the root object closes, and whether it has members; the value of a top-level flag field, if any. */
        int rootEnd;

        boolean rootHasMembers;
        Slot existingFlag;

        private Parsed(String json) {
            this.json = json;
        }

        static Parsed of(String json) {
            Parsed p = new Parsed(json);
            try (JsonParser parser = FACTORY.createParser(json)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                p.readObject(parser, true);
                if (parser.nextToken() != null) {
                    throw new IllegalArgumentException("not JSON: text after the entry's object");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
            }
            return p;
        }

        private void readObject(JsonParser parser, boolean root) throws IOException {
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (root) {
                    rootHasMembers = true;
                }
                parser.nextToken();
                Slot value = readValue(parser, root && (name.equals("id") || name.equals(FLAG_FIELD)));
                if (root && name.equals(FLAG_FIELD)) {
                    existingFlag = value;
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new IOException("unexpected " + t);
            }
            if (root) {
                rootEnd = offset(parser.currentTokenLocation().getCharOffset());
            }
        }

        /** Reads the value at the current token; {@code keep}: never cut it (the top-level id and flag). */
        private Slot readValue(JsonParser parser, boolean keep) throws IOException {
            JsonToken t = parser.currentToken();
            int start = offset(parser.currentTokenLocation().getCharOffset());
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                if (t == JsonToken.START_OBJECT) {
                    readObject(parser, false);
                } else {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        readValue(parser, false);
                    }
                }
                int end = offset(parser.currentTokenLocation().getCharOffset()) + 1;
                Slot slot = new Slot(json, start, end, null, t == JsonToken.START_ARRAY);
                if (!keep) {
                    containers.add(slot);
                }
                return slot;
            }
            if (t == JsonToken.VALUE_STRING) {
                String value = parser.getText();
                Slot slot =
                        new Slot(json, start, offset(parser.currentLocation().getCharOffset()), value, false);
                if (!keep) {
                    strings.add(slot);
                }
                return slot;
            }
            parser.getText();
            return new Slot(json, start, offset(parser.currentLocation().getCharOffset()), null, false);
        }

        private static int offset(long charOffset) {
            return Math.toIntExact(charOffset);
        }
    }

    /** The cuts decided so far, by where they start; rendering splices them into the original text. */
    private static final class Edits {
        final Parsed parsed;
        final long originalBytes;
        final TreeMap<Integer, Replacement> replacements = new TreeMap<>();

        Edits(Parsed parsed, long originalBytes) {
            this.parsed = parsed;
            this.originalBytes = originalBytes;
        }

        record Replacement(Slot slot, String text) {}

        void replace(Slot slot, String literal) {
            // a container replaced drops the cuts made inside it
            replacements.subMap(slot.start, true, slot.end, false).values().removeIf(r -> slot.contains(r.slot));
            replacements.put(slot.start, new Replacement(slot, literal));
        }

        boolean isDropped(Slot s) {
            var before = replacements.floorEntry(s.start);
            while (before != null) {
                Slot r = before.getValue().slot;
                if (r != s && r.contains(s)) {
                    return true;
                }
                before = replacements.lowerEntry(before.getKey());
            }
            return false;
        }

        long currentBytes(Slot s) {
            Replacement own = replacements.get(s.start);
            if (own != null && own.slot == s) {
                return utf8Length(own.text);
            }
            long bytes = s.bytes;
            for (Replacement r :
                    replacements.subMap(s.start, true, s.end, false).values()) {
                if (s.contains(r.slot)) {
                    bytes += utf8Length(r.text) - r.slot.bytes;
                }
            }
            return bytes;
        }

        String render() {
            String json = parsed.json;
            String flag = "{\"truncated\":true,\"original_bytes\":" + originalBytes + "}";
            StringBuilder out = new StringBuilder(json.length() + 64);
            int at = 0;
            for (Replacement r : replacements.values()) {
                out.append(json, at, r.slot.start).append(r.text);
                at = r.slot.end;
            }
            if (parsed.existingFlag != null) {
                // an entry that already has the field: its value becomes the flag, in place
                Slot f = parsed.existingFlag;
                String done = out.append(json, at, json.length()).toString();
                return done.substring(0, shifted(f.start)) + flag + done.substring(shifted(f.end));
            }
            out.append(json, at, parsed.rootEnd);
            out.append(parsed.rootHasMembers ? "," : "")
                    .append('"')
                    .append(FLAG_FIELD)
                    .append("\":")
                    .append(flag);
            return out.append(json, parsed.rootEnd, json.length()).toString();
        }

        /** Where an offset of the original text is in the rendered text (replacements before it change lengths). */
        private int shifted(int offset) {
            int delta = 0;
            for (Replacement r : replacements.headMap(offset, false).values()) {
                delta += r.text.length() - (r.slot.end - r.slot.start);
            }
            return offset + delta;
        }
    }
}
