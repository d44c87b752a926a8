package io.github.cfaudit.cloudflare;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The entries of one page, as the {@code cloudflare-audit} consumer hands them on: a {@code List<AuditEntry>} (so
 * {@code split(body())} and {@code getBody(List.class)} work as on any list) with a type of its own, so that the page
 * converts to NDJSON ({@code String}, {@code byte[]}, {@code InputStream}: one entry per line, exactly as Cloudflare
 * sent it, each line ending in LF) without a converter from every {@code List} in the host's context. A view of the
 * list it wraps: changes go through to it.
 */
public final class AuditEntries extends AbstractList<AuditEntry> implements RandomAccess {
    private final List<AuditEntry> entries;

    public AuditEntries(List<AuditEntry> entries) {
        this.entries = Objects.requireNonNull(entries, "entries == null");
    }

    @Override
    public AuditEntry get(int index) {
        return entries.get(index);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public AuditEntry set(int index, AuditEntry element) {
        return entries.set(index, element);
    }

    @Override
    public void add(int index, AuditEntry element) {
        entries.add(index, element);
    }

    @Override
    public AuditEntry remove(int index) {
        return entries.remove(index);
    }

    /** The entries as NDJSON, in UTF-8: each entry's {@link AuditEntry#jsonBytes()}, then LF. */
    public byte[] ndjson() {
        int size = 0;
        for (AuditEntry e : entries) {
            size = Math.addExact(size, e.jsonLength() + 1);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (AuditEntry e : entries) {
            e.writeJson(out);
            out.put((byte) '\n');
        }
        return out.array();
    }

    /** {@link #ndjson()} as text. */
    public String ndjsonText() {
        return new String(ndjson(), StandardCharsets.UTF_8);
    }
}
