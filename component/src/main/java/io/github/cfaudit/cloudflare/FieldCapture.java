package io.github.cfaudit.cloudflare;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry fields that sink predicates read, picked up while {@link PageParser} reads the page, so that an entry is
 * parsed once however many predicates look at it, and only those fields are materialised. Every path and each of its
 * prefixes has a slot; an entry's slots hold the field's text when it is a JSON string, its {@link Kind} otherwise,
 * and null when the entry has no such field.
 */
public final class FieldCapture {
    /** What a captured field is when it is not a string. */
    public enum Kind {
        OBJECT,
        ARRAY,
        NUMBER,
        BOOLEAN,
        NULL
    }

    private final Node root = new Node(true);
    private int size;

    private FieldCapture() {}

    /** A capture of these paths (each a list of object keys, e.g. {@code [action, result]}), or null for none. */
    public static FieldCapture of(Collection<List<String>> paths) {
        if (paths.isEmpty()) {
            return null;
        }
        FieldCapture c = new FieldCapture();
        for (List<String> path : paths) {
            if (path.isEmpty()) {
                throw new IllegalArgumentException("empty path");
            }
            Node n = c.root;
            for (String key : path) {
                Node child = n.children.get(key);
                if (child == null) {
                    child = new Node(false);
                    n.children.put(key, child);
                    c.size++;
                }
                n = child;
            }
        }
        c.root.number(0);
        return c;
    }

    /** How many slots an entry has. */
    public int size() {
        return size;
    }

    /** The slot of every prefix of {@code path}, outermost first. */
    public int[] slots(List<String> path) {
        int[] slots = new int[path.size()];
        Node n = root;
        for (int i = 0; i < path.size(); i++) {
            n = n.children.get(path.get(i));
            if (n == null) {
                throw new IllegalArgumentException("not captured: " + path);
            }
            slots[i] = n.slot;
        }
        return slots;
    }

    Node top(String key) {
        return root.children.get(key);
    }

    /**
     * Reads the value the parser stands on (its first token {@code t}) into the slots of {@code node} and below.
     * A key repeated in an object replaces what the earlier one captured, as it does in a parsed Map.
     */
    static void read(JsonParser p, JsonToken t, Node node, Object[] values) throws IOException {
        Arrays.fill(values, node.slot, node.end, null);
        switch (t) {
            case VALUE_STRING -> values[node.slot] = p.getText();
            case START_OBJECT -> {
                values[node.slot] = Kind.OBJECT;
                if (node.children.isEmpty()) {
                    p.skipChildren();
                } else {
                    readFields(p, node, values);
                }
            }
            case START_ARRAY -> {
                values[node.slot] = Kind.ARRAY;
                p.skipChildren();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values[node.slot] = Kind.NUMBER;
            case VALUE_TRUE, VALUE_FALSE -> values[node.slot] = Kind.BOOLEAN;
            default -> values[node.slot] = Kind.NULL;
        }
    }

    /** Marks {@code node} as an object whose fields the caller reads itself, forgetting what an earlier key captured. */
    static void startObject(Node node, Object[] values) {
        Arrays.fill(values, node.slot, node.end, null);
        values[node.slot] = Kind.OBJECT;
    }

    /** The fields of an object whose START_OBJECT the parser just passed, captured where {@code node} asks. */
    static void readFields(JsonParser p, Node node, Object[] values) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Node child = node.child(p.currentName());
            JsonToken value = p.nextToken();
            if (child != null) {
                read(p, value, child, values);
            } else {
                p.skipChildren();
            }
        }
    }

    /** A key of a path; its slot and the slots of everything below it are {@code [slot, end)}. */
    static final class Node {
        final boolean root;
        int slot;
        int end;
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(boolean root) {
            this.root = root;
        }

        /** The node of key {@code key} below this one, or null when nothing below it is captured. */
        Node child(String key) {
            return children.get(key);
        }

        /** Renumbers the subtree depth-first, so that each node's descendants have the slots right after its own. */
        int number(int next) {
            slot = next;
            int n = root ? next : next + 1;
            for (Node c : children.values()) {
                n = c.number(n);
            }
            end = n;
            return n;
        }
    }
}
