package io.github.cfaudit.cloudflare;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One audit-log entry: the exact JSON Cloudflare sent, which is what every sink writes, readable as a {@code Map}
 * (so a Simple predicate can say {@code ${body[action][result]}} and JsonPath works on it). The id and event time
 * are pulled out when the page is read; the other fields are parsed only when something asks for them, because a
 * sink that takes every entry never does.
 */
public final class AuditEntry extends AbstractMap<String, Object> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String id;
    private final Instant time;
    private byte[] utf8;
    private String json;
    private volatile Map<String, Object> fields;

    /** An entry whose fields are already parsed. */
    public AuditEntry(String id, Instant time, String json, Map<String, Object> fields) {
        this.id = Objects.requireNonNull(id, "id == null");
        this.time = Objects.requireNonNull(time, "time == null");
        this.json = Objects.requireNonNull(json, "json == null");
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** An entry from its UTF-8 JSON, parsed on first access to a field. */
    public AuditEntry(String id, Instant time, byte[] utf8Json) {
        this.id = Objects.requireNonNull(id, "id == null");
        this.time = Objects.requireNonNull(time, "time == null");
        this.utf8 = Objects.requireNonNull(utf8Json, "utf8Json == null");
    }

    public String id() {
        return id;
    }

    /** The event time: {@code action.time} for audit logs v2, {@code changed_at} for insight changes. */
    public Instant time() {
        return time;
    }

    /** The entry exactly as Cloudflare returned it, on one line (insignificant whitespace removed, nothing else). */
    public synchronized String json() {
        if (json == null) {
            json = new String(utf8, StandardCharsets.UTF_8);
        }
        return json;
    }

    /** {@link #json()} as UTF-8 bytes, without copying when the entry was read from a page. Do not modify. */
    public synchronized byte[] jsonBytes() {
        if (utf8 == null) {
            utf8 = json.getBytes(StandardCharsets.UTF_8);
        }
        return utf8;
    }

    private Map<String, Object> fields() {
        Map<String, Object> f = fields;
        if (f == null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = MAPPER.readValue(jsonBytes(), LinkedHashMap.class);
                f = Collections.unmodifiableMap(parsed);
            } catch (IOException e) {
                throw new UncheckedIOException("entry " + id + " is not a JSON object", e);
            }
            fields = f;
        }
        return f;
    }

    /** A nested field by path, e.g. {@code text("action", "type")}; null when absent or not a scalar. */
    public String text(String... path) {
        Object current = fields();
        for (String p : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(p);
        }
        return current == null || current instanceof Map || current instanceof Iterable ? null : current.toString();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return fields().entrySet();
    }

    @Override
    public Object get(Object key) {
        return fields().get(key);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof AuditEntry e && e.id.equals(id) && java.util.Arrays.equals(e.jsonBytes(), jsonBytes());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "AuditEntry[" + id + " @ " + time + "]";
    }
}
