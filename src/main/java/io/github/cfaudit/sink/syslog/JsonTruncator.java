package io.github.cfaudit.sink.syslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Shrinks an entry's JSON to a byte budget and keeps it valid JSON: the {@code oversize=truncate} policy.
 *
 * <p>It shortens the longest string values first, all to a common length (so one 100 KB field is cut, and the
 * small fields around it stay whole), and ends each cut value with {@code ...[truncated N bytes]}. Only if that is
 * not enough (a huge array of small values) does it replace the largest nested objects and arrays by a marker
 * string. The top-level {@code id} is never touched, short strings (up to {@value #KEEP_CHARS} characters) never
 * are, and a top-level {@code "_cfaudit":{"truncated":true,"original_bytes":N}} tells a JSON consumer that
 * this is not the whole entry.
 */
final class JsonTruncator {
    static final String FLAG_FIELD = "_cfaudit";
    static final int KEEP_CHARS = 32;
    /** Lenient about raw control characters only so that {@link #normalize} can escape them. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build())
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    /** The longest marker a cut adds: {@code ...[truncated 9999999999 bytes]} serialized. */
    private static final int MARKER_BYTES = marker(9_999_999_999L).length();
    private static final int MIN_CONTAINER_BYTES = 64;
    private static final int MAX_ROUNDS = 32;

    private JsonTruncator() {
    }

    /**
     * The JSON shortened to at most {@code budget} UTF-8 bytes, or empty when even the skeleton of the entry does not
     * fit.
     */
    static Optional<String> fit(String json, int budget) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode object)) {
            return Optional.empty();
        }
        object.putObject(FLAG_FIELD).put("truncated", true).put("original_bytes", utf8Length(json));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String text = write(root);
            long excess = utf8Length(text) - (long) budget;
            if (excess <= 0) {
                return Optional.of(text);
            }
            if (!cutStrings(object, excess) && !dropLargestContainer(object)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The same JSON with raw control characters (which the page parser never lets through) escaped. */
    static String normalize(String json) {
        try {
            return write(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Cuts every string longer than a common cap chosen to remove {@code excess} bytes; false when none can be cut. */
    private static boolean cutStrings(ObjectNode root, long excess) {
        List<StringSlot> slots = new ArrayList<>();
        collectStrings(root, true, slots);
        slots.removeIf(s -> s.serializedBytes <= serializedCap(KEEP_CHARS) + MARKER_BYTES);
        if (slots.isEmpty()) {
            return false;
        }
        slots.sort(Comparator.comparingInt((StringSlot s) -> s.serializedBytes).reversed());
        // The largest cap that removes enough: binary search over [floor, longest].
        int floor = serializedCap(KEEP_CHARS);
        int lo = floor;
        int hi = slots.get(0).serializedBytes;
        while (lo < hi) {
            int mid = (int) (((long) lo + hi + 1) / 2);
            if (saved(slots, mid) >= excess) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int cap = lo;
        boolean cut = false;
        for (StringSlot slot : slots) {
            if (slot.serializedBytes > cap + MARKER_BYTES) {
                slot.replace.accept(TextNode.valueOf(cutTo(slot.value, Math.max(cap, floor) - 2)));
                cut = true;
            }
        }
        return cut;
    }

    private static long saved(List<StringSlot> slots, int cap) {
        long saved = 0;
        for (StringSlot s : slots) {
            if (s.serializedBytes > cap + MARKER_BYTES) {
                saved += s.serializedBytes - cap - MARKER_BYTES;
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

    /** Replaces the largest nested object or array (never {@code id} or the flag) by a marker; false when none. */
    private static boolean dropLargestContainer(ObjectNode root) {
        List<ContainerSlot> containers = new ArrayList<>();
        collectContainers(root, true, containers);
        return containers.stream()
                .filter(c -> c.serializedBytes > MIN_CONTAINER_BYTES)
                .max(Comparator.comparingInt(c -> c.serializedBytes))
                .map(c -> {
                    c.replace.accept(TextNode.valueOf("[truncated " + (c.node.isArray() ? "array" : "object") + " of "
                            + c.serializedBytes + " bytes]"));
                    return true;
                })
                .orElse(false);
    }

    private static void collectStrings(JsonNode node, boolean top, List<StringSlot> out) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (top && (f.getKey().equals("id") || f.getKey().equals(FLAG_FIELD))) {
                    continue;
                }
                if (f.getValue().isTextual()) {
                    String key = f.getKey();
                    out.add(new StringSlot(f.getValue().textValue(), v -> o.set(key, v)));
                } else {
                    collectStrings(f.getValue(), false, out);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                int index = i;
                if (a.get(i).isTextual()) {
                    out.add(new StringSlot(a.get(i).textValue(), v -> a.set(index, v)));
                } else {
                    collectStrings(a.get(i), false, out);
                }
            }
        }
    }

    private static void collectContainers(JsonNode node, boolean top, List<ContainerSlot> out) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (top && f.getKey().equals(FLAG_FIELD)) {
                    continue;
                }
                if (f.getValue().isContainerNode()) {
                    String key = f.getKey();
                    out.add(new ContainerSlot(f.getValue(), v -> o.set(key, v)));
                    collectContainers(f.getValue(), false, out);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                int index = i;
                if (a.get(i).isContainerNode()) {
                    out.add(new ContainerSlot(a.get(i), v -> a.set(index, v)));
                    collectContainers(a.get(i), false, out);
                }
            }
        }
    }

    /** The serialized size of a string of {@code chars} plain ASCII characters, quotes included. */
    private static int serializedCap(int chars) {
        return chars + 2;
    }

    /** Bytes a code point takes inside a JSON string as Jackson writes it. */
    private static int serializedCost(int cp) {
        if (cp == '"' || cp == '\\' || cp == '\b' || cp == '\f' || cp == '\n' || cp == '\r' || cp == '\t') {
            return 2;
        }
        if (cp < 0x20) {
            return 6;
        }
        return utf8Length(cp);
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON", e);
        }
    }

    private static int serializedLength(JsonNode node) {
        return utf8Length(write(node));
    }

    private static final class StringSlot {
        final String value;
        final int serializedBytes;
        final Consumer<JsonNode> replace;

        StringSlot(String value, Consumer<JsonNode> replace) {
            this.value = value;
            this.serializedBytes = serializedLength(TextNode.valueOf(value));
            this.replace = replace;
        }
    }

    private static final class ContainerSlot {
        final JsonNode node;
        final int serializedBytes;
        final Consumer<JsonNode> replace;

        ContainerSlot(JsonNode node, Consumer<JsonNode> replace) {
            this.node = node;
            this.serializedBytes = serializedLength(node);
            this.replace = replace;
        }
    }
}
