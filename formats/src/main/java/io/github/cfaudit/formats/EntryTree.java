package io.github.cfaudit.formats;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.EndpointFamily;
import io.github.cfaudit.cloudflare.SourceType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entry's fields as a tree the mapping consumes: every field a format maps is taken out, and what is left is the
 * entry's unmapped data, in its original structure. A field is taken only when the format could express it; a value
 * of an unexpected type stays behind, so nothing Cloudflare sent is lost. Text is cleaned once, when the tree is
 * built: an unpaired UTF-16 surrogate (possible through a JSON {@code \ud800} escape) cannot be written as UTF-8
 * and becomes U+FFFD.
 */
final class EntryTree {
    /** Numbers are kept as written (no rounding through double, no trailing zeros stripped). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private final ObjectNode root;
    /** Objects a field was taken from: pruned from the leftovers when that left them empty. */
    private final Set<ObjectNode> touched = Collections.newSetFromMap(new IdentityHashMap<>());

    private EntryTree(ObjectNode root) {
        this.root = root;
    }

    /**
     * The fields of an audit-log v2 entry (organization, account) that any format or {@link EntryShape} reads; a
     * tree from {@link #of(AuditEntry, SourceType)} holds only these as nodes. Reading another one is a defect,
     * reported as such (see {@link #peek}).
     */
    static final CompactJson.Paths V2_PATHS = CompactJson.Paths.of(
            "id",
            "action.type",
            "action.result",
            "action.description",
            "action.time",
            "actor.id",
            "actor.email",
            "actor.type",
            "actor.ip_address",
            "actor.context",
            "raw.cf_ray_id",
            "raw.method",
            "raw.uri",
            "raw.user_agent",
            "raw.status_code",
            "resource.id",
            "resource.product",
            "resource.type",
            "zone.id",
            "zone.name",
            "account.id",
            "account.name",
            "organization.id");

    /**
     * The tree a format maps {@code entry} of a {@code type} source from: for an audit-log v2 entry in canonical
     * compact JSON (see {@link CompactJson}; what the page parser hands out) only {@link #V2_PATHS} become nodes and
     * everything else stays the entry's bytes, which {@link #leftovers} writes unchanged; for any other entry the
     * whole entry parsed ({@link #of(AuditEntry)}). Either gives the same record, byte for byte.
     */
    static EntryTree of(AuditEntry entry, SourceType type) {
        if (type.family() == EndpointFamily.AUDIT_LOGS_V2) {
            ObjectNode pruned = CompactJson.prune(entry.jsonBytes(), V2_PATHS);
            if (pruned != null) {
                return new EntryTree(pruned);
            }
        }
        return of(entry);
    }

    /** The whole entry parsed. */
    static EntryTree of(AuditEntry entry) {
        JsonNode node;
        try {
            node = MAPPER.readTree(entry.jsonBytes());
        } catch (IOException e) {
            node = null;
        }
        ObjectNode root;
        if (node instanceof ObjectNode o) {
            root = hasLoneSurrogate(o) ? (ObjectNode) clean(o) : o;
        } else {
            // the page parser hands out JSON objects only; keep anything else whole rather than fail
            root = JsonNodeFactory.instance.objectNode();
            root.put("entry", Text.clean(entry.json()));
        }
        return new EntryTree(root);
    }

    /**
     * The node at {@code path}, left in place (null when absent). A path outside {@link #V2_PATHS} of a pruned tree
     * is a defect (the field was not read) and throws {@link IllegalStateException}.
     */
    JsonNode peek(String... path) {
        JsonNode n = root;
        for (String p : path) {
            if (!(n instanceof ObjectNode o)) {
                unread(n, path);
                return null;
            }
            n = o.get(p);
        }
        unread(n, path);
        return n;
    }

    private static void unread(JsonNode n, String... path) {
        if (n instanceof POJONode p && p.getPojo() instanceof RawValue) {
            throw new IllegalStateException("field " + String.join(".", path)
                    + " was not read from the entry: add it to " + "EntryTree.V2_PATHS");
        }
    }

    /** The text at {@code path}, taken out; null (and left in place) when absent or not a string. */
    String text(String... path) {
        JsonNode n = peek(path);
        if (n == null || !n.isTextual()) {
            return null;
        }
        remove(path);
        return n.textValue();
    }

    /** The non-empty text at {@code path}, taken out; null (and left in place) otherwise. */
    String nonEmptyText(String... path) {
        JsonNode n = peek(path);
        if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
            return null;
        }
        remove(path);
        return n.textValue();
    }

    /** The text at {@code path} without taking it out (null when absent or not a string). */
    String peekText(String... path) {
        JsonNode n = peek(path);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    /** An integral number within {@code int} range at {@code path}, taken out; null (left in place) otherwise. */
    Integer integer(String... path) {
        JsonNode n = peek(path);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            return null;
        }
        remove(path);
        return n.intValue();
    }

    /** An integral number at {@code path}, taken out; null (left in place) otherwise. */
    Long integral(String... path) {
        JsonNode n = peek(path);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            return null;
        }
        remove(path);
        return n.longValue();
    }

    /** Takes the node at {@code path} out, whatever it is (null when absent). */
    JsonNode take(String... path) {
        JsonNode n = peek(path);
        if (n != null) {
            remove(path);
        }
        return n;
    }

    /** Takes the node out when it is JSON null: a null says "no value", which every format expresses by omission. */
    void dropNull(String... path) {
        JsonNode n = peek(path);
        if (n != null && n.isNull()) {
            remove(path);
        }
    }

    private void remove(String... path) {
        JsonNode parent = root;
        for (int i = 0; i < path.length - 1; i++) {
            parent = parent.get(path[i]);
        }
        ((ObjectNode) parent).remove(path[path.length - 1]);
        touched.add((ObjectNode) parent);
    }

    /** What was not taken, with the objects that taking emptied removed; null when nothing is left. */
    ObjectNode leftovers() {
        prune(root);
        return root.isEmpty() ? null : root;
    }

    private boolean prune(ObjectNode o) {
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            JsonNode v = it.next().getValue();
            if (v instanceof ObjectNode child && prune(child)) {
                it.remove();
            }
        }
        return o.isEmpty() && touched.contains(o);
    }

    /** Whether any text or field name holds an unpaired surrogate (rare: the tree is rebuilt only then). */
    private static boolean hasLoneSurrogate(JsonNode n) {
        if (n.isTextual()) {
            return Text.clean(n.textValue()) != n.textValue();
        }
        if (n instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (Text.clean(f.getKey()) != f.getKey() || hasLoneSurrogate(f.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (n instanceof ArrayNode a) {
            for (JsonNode v : a) {
                if (hasLoneSurrogate(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode clean(JsonNode n) {
        if (n.isTextual()) {
            String t = n.textValue();
            String c = Text.clean(t);
            return c == t ? n : JsonNodeFactory.instance.textNode(c);
        }
        if (n instanceof ObjectNode o) {
            ObjectNode out = null;
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            o.fields().forEachRemaining(fields::add);
            boolean renamed = fields.stream().anyMatch(f -> Text.clean(f.getKey()) != f.getKey());
            if (renamed) {
                out = JsonNodeFactory.instance.objectNode();
            }
            for (Map.Entry<String, JsonNode> f : fields) {
                JsonNode v = clean(f.getValue());
                if (out != null) {
                    out.set(Text.clean(f.getKey()), v);
                } else if (v != f.getValue()) {
                    o.set(f.getKey(), v);
                }
            }
            return out != null ? out : o;
        }
        if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode v = clean(a.get(i));
                if (v != a.get(i)) {
                    a.set(i, v);
                }
            }
        }
        return n;
    }
}
