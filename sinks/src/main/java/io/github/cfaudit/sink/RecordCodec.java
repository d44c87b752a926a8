package io.github.cfaudit.sink;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.formats.CloudflareFormat;
import io.github.cfaudit.formats.EntryShape;
import io.github.cfaudit.formats.RecordFormat;
import io.github.cfaudit.internal.RootCause;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink's {@code codec}: how it writes each entry ({@link RecordFormat}), and the count of the entries it wrote that
 * departed from the shape the mappings expect, reported once per run. {@code cloudflare} is {@link #verbatim()}: the
 * sinks keep their own path for it (the entry's bytes, no copy), and nothing is counted.
 *
 * <p>A record is never dropped: an entry of an unexpected shape is rendered with what maps (see {@link EntryShape}),
 * and an entry the format throws on (a defect) is delivered verbatim, counted in the same report.
 */
public final class RecordCodec {
    private static final Logger LOG = LoggerFactory.getLogger(RecordCodec.class);

    private final RecordFormat format;
    private final boolean verbatim;
    /** Per source name, the entries of the current run that deviated; reset by {@link #report}. */
    private final Map<String, Deviations> deviations = new ConcurrentHashMap<>();

    public RecordCodec(RecordFormat format) {
        this.format = Objects.requireNonNull(format, "format == null");
        this.verbatim = format instanceof CloudflareFormat;
    }

    /** {@code cloudflare}: the entry exactly as sent. */
    public static RecordCodec verbatimCodec() {
        return new RecordCodec(new CloudflareFormat());
    }

    public RecordFormat format() {
        return format;
    }

    public String name() {
        return format.name();
    }

    /** {@code cloudflare}: the sink writes {@link AuditEntry#jsonBytes()} as today. */
    public boolean verbatim() {
        return verbatim;
    }

    /** Whether records are JSON objects ({@code cloudflare}, {@code ocsf}, {@code ecs}) rather than CEF/LEEF lines. */
    public boolean json() {
        return "application/json".equals(format.mediaType());
    }

    /** The record of {@code entry}, UTF-8, without a line terminator. */
    public byte[] render(AuditEntry entry, SourceConfig source) {
        if (verbatim) {
            return entry.jsonBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, entry.jsonLength() * 2));
        try {
            write(entry, source, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the record of {@code entry} to {@code out} (no line terminator), counting a deviating entry. */
    public void write(AuditEntry entry, SourceConfig source, OutputStream out) throws IOException {
        if (verbatim) {
            out.write(entry.jsonBytes());
            return;
        }
        // one parse of the entry for the shape check and the record (RecordFormat.writeChecked), into a buffer of
        // this thread: a record that fails half-way is not written
        Buffer buffer = BUFFER.get();
        buffer.reset();
        List<String> off;
        try {
            off = format.writeChecked(entry, source.type(), buffer);
        } catch (IOException | RuntimeException e) {
            // (the buffer cannot fail: an IOException is the format's, as a RuntimeException is)
            noteShape(entry, source);
            // never dropped: the entry as Cloudflare sent it, and the report says so
            noteUnrendered(
                    entry, source, e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e));
            out.write(entry.jsonBytes());
            return;
        }
        countDeviations(entry, source, off);
        buffer.writeTo(out);
        if (buffer.capacity() > MAX_KEPT_BUFFER) {
            BUFFER.remove();
        }
    }

    /** Counts {@code entry} for the run's report when it departs from the shape the mappings expect. */
    public void noteShape(AuditEntry entry, SourceConfig source) {
        countDeviations(entry, source, EntryShape.deviations(entry, source.type()));
    }

    private void countDeviations(AuditEntry entry, SourceConfig source, List<String> off) {
        if (!off.isEmpty()) {
            deviations
                    .computeIfAbsent(source.name(), s -> new Deviations(entry.id(), String.join("; ", off)))
                    .deviating
                    .incrementAndGet();
        }
    }

    /** Counts {@code entry}, which the format failed on and which was written otherwise, for the run's report. */
    public void noteUnrendered(AuditEntry entry, SourceConfig source, RuntimeException failure) {
        deviations
                .computeIfAbsent(source.name(), s -> new Deviations(entry.id(), RootCause.message(failure)))
                .unrendered
                .incrementAndGet();
    }

    /** A record larger than this is not kept in the thread's buffer afterwards. */
    private static final int MAX_KEPT_BUFFER = 1 << 20;

    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

    /** A reusable record buffer. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(8192);
        }

        int capacity() {
            return buf.length;
        }
    }

    /**
     * The id a record of this codec carries, as it reads back from the record (see {@link RecordIds}): the entry id,
     * with what a record cannot hold (control characters, lone surrogates) made a space.
     */
    public String recordId(AuditEntry entry) {
        return verbatim ? entry.id() : RecordIds.canonical(entry.id());
    }

    /** The id of one record line, {@code line[from, to)}, or null when it is not a record of this codec. */
    public String idOfLine(byte[] line, int from, int to) {
        return RecordIds.reader(format.name()).read(line, from, to);
    }

    /** One WARN for the entries of {@code source}'s run that deviated from the expected shape; then counts anew. */
    public void report(String sinkName, String source) {
        Deviations d = deviations.remove(source);
        if (d == null) {
            return;
        }
        if (d.deviating.get() > 0) {
            LOG.warn(
                    "sink {} (codec {}): {} entries of source {} in this run departed from the shape Cloudflare "
                            + "documents; they were written with what maps and the rest kept unmapped (first: entry "
                            + "{}: {})",
                    sinkName,
                    format.name(),
                    d.deviating.get(),
                    source,
                    d.firstEntry,
                    d.firstProblem);
        }
        if (d.unrendered.get() > 0) {
            LOG.warn(
                    "sink {} (codec {}): {} entries of source {} in this run could not be rendered and were written "
                            + "as Cloudflare sent them (first: entry {}: {})",
                    sinkName,
                    format.name(),
                    d.unrendered.get(),
                    source,
                    d.firstEntry,
                    d.firstProblem);
        }
    }

    /** What is reported once per run; counted by the threads that flush, read by the one that ends the run. */
    private static final class Deviations {
        final String firstEntry;
        final String firstProblem;
        final AtomicLong deviating = new AtomicLong();
        final AtomicLong unrendered = new AtomicLong();

        Deviations(String firstEntry, String firstProblem) {
            this.firstEntry = firstEntry;
            this.firstProblem = firstProblem;
        }
    }

    @Override
    public String toString() {
        return format.toString();
    }
}
