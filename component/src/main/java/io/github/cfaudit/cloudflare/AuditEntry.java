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
    /** The page body this entry was read from and where in it the entry is (null for an entry made otherwise). */
    private final byte[] page;

    private final int offset;
    private final int length;
    /** Either is derived from the other on first use; both are immutable once set, so a race only computes it twice. */
    private volatile byte[] utf8;

    private volatile String json;
    private volatile Map<String, Object> fields;
    /** The fields {@link FieldCapture} picked up while the page was read (null: none were asked for). */
    private Object[] captured;

    /** An entry whose fields are already parsed. */
    public AuditEntry(String id, Instant time, String json, Map<String, Object> fields) {
        this.id = Objects.requireNonNull(id, "id == null");
        this.time = Objects.requireNonNull(time, "time == null");
        this.json = Objects.requireNonNull(json, "json == null");
        this.fields = Collections.unmodifiableMap(fields);
        this.page = null;
        this.offset = 0;
        this.length = 0;
    }

    /** An entry from its UTF-8 JSON, parsed on first access to a field. */
    public AuditEntry(String id, Instant time, byte[] utf8Json) {
        this.id = Objects.requireNonNull(id, "id == null");
        this.time = Objects.requireNonNull(time, "time == null");
        this.utf8 = Objects.requireNonNull(utf8Json, "utf8Json == null");
        this.page = null;
        this.offset = 0;
        this.length = 0;
    }

    /**
     * An entry that is {@code length} bytes of a page body from {@code offset}: nothing is copied (the body must not
     * change afterwards; it stays reachable as long as the entry).
     */
    public AuditEntry(String id, Instant time, byte[] page, int offset, int length) {
        this.id = Objects.requireNonNull(id, "id == null");
        this.time = Objects.requireNonNull(time, "time == null");
        this.page = Objects.requireNonNull(page, "page == null");
        Objects.checkFromIndexSize(offset, length, page.length);
        this.offset = offset;
        this.length = length;
    }

    /** Set by the page parser before the entry is handed out. */
    AuditEntry withCaptured(Object[] values) {
        this.captured = values;
        return this;
    }

    /**
     * The value the page parser captured in {@code slot} of the source's {@link FieldCapture}: the text of a string
     * field, the {@link FieldCapture.Kind} of any other, null when the entry has no such field. The array is null
     * when nothing was captured for this entry (an entry not read by a capturing parser).
     */
    public Object[] captured() {
        return captured;
    }

    public String id() {
        return id;
    }

    /** The event time: {@code action.time} for audit logs v2, {@code changed_at} for insight changes. */
    public Instant time() {
        return time;
    }

    /**
     * The entry exactly as Cloudflare returned it, on one line: an entry the API spread over several lines (a
     * pretty-printed response) has the whitespace between its tokens removed, nothing else.
     */
    public String json() {
        String j = json;
        if (j == null) {
            j = page != null
                    ? new String(page, offset, length, StandardCharsets.UTF_8)
                    : new String(utf8, StandardCharsets.UTF_8);
            json = j;
        }
        return j;
    }

    /** {@link #json()} as UTF-8 bytes, without copying when the entry was read from a page. Do not modify. */
    public byte[] jsonBytes() {
        byte[] b = utf8;
        if (b == null) {
            b = page != null
                    ? java.util.Arrays.copyOfRange(page, offset, offset + length)
                    : json.getBytes(StandardCharsets.UTF_8);
            utf8 = b;
        }
        return b;
    }

    /** The length of {@link #jsonBytes()}, without copying anything. */
    public int jsonLength() {
        return page != null ? length : jsonBytes().length;
    }

    /** Puts {@link #jsonBytes()} into {@code out}, without an intermediate copy. */
    public void writeJson(java.nio.ByteBuffer out) {
        if (page != null) {
            out.put(page, offset, length);
        } else {
            out.put(jsonBytes());
        }
    }

    private Map<String, Object> fields() {
        Map<String, Object> f = fields;
        if (f == null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = page != null
                        ? MAPPER.readValue(page, offset, length, LinkedHashMap.class)
                        : MAPPER.readValue(jsonBytes(), LinkedHashMap.class);
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
        return o == this
                || o instanceof AuditEntry e && e.id.equals(id) && java.util.Arrays.equals(e.jsonBytes(), jsonBytes());
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
