package io.github.cfaudit.cloudflare;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One audit-log entry: the parsed fields, readable as a {@code Map} (so a Simple predicate can say
 * {@code ${body[action][result]}} and JsonPath works on it), plus the exact JSON text Cloudflare sent, which is what
 * every sink writes. The id and event time are pulled out once, when the page is parsed.
 */
public final class AuditEntry extends AbstractMap<String, Object> {
    private final String id;
    private final Instant time;
    private final String json;
    private final Map<String, Object> fields;

    public AuditEntry(String id, Instant time, String json, Map<String, Object> fields) {
        this.id = Objects.requireNonNull(id, "id == null");
        this.time = Objects.requireNonNull(time, "time == null");
        this.json = Objects.requireNonNull(json, "json == null");
        this.fields = Collections.unmodifiableMap(fields);
    }

    public String id() {
        return id;
    }

    /** The event time: {@code action.time} for audit logs v2, {@code changed_at} for insight changes. */
    public Instant time() {
        return time;
    }

    /** The entry exactly as Cloudflare returned it, on one line (insignificant whitespace removed, nothing else). */
    public String json() {
        return json;
    }

    /** A nested field by path, e.g. {@code text("action", "type")}; null when absent or not a scalar. */
    public String text(String... path) {
        Object current = fields;
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
        return fields.entrySet();
    }

    @Override
    public Object get(Object key) {
        return fields.get(key);
    }

    @Override
    public String toString() {
        return "AuditEntry[" + id + " @ " + time + "]";
    }
}
