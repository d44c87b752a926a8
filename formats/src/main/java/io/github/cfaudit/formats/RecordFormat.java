package io.github.cfaudit.formats;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * How one Cloudflare audit entry is written for a destination: a pure function of the entry and the type of the
 * source it came from. A record is one line (no line terminator: the sink frames it, a newline in a file, the MSG of
 * a syslog message). An entry of an unexpected shape is never refused: what maps is mapped, the rest is kept where
 * the format keeps unmapped data ({@code unmapped} in OCSF, {@code cloudflare.*} in ECS, custom keys in CEF/LEEF).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface RecordFormat {

    /** The codec name: {@code cloudflare}, {@code ocsf}, {@code ecs}, {@code cef} or {@code leef}. */
    String name();

    /** {@code application/json} for the JSON formats, {@code text/plain} for CEF and LEEF. */
    String mediaType();

    /** Writes the record for {@code entry} (UTF-8, without a line terminator) to {@code out}, leaving it open. */
    void write(AuditEntry entry, SourceType type, OutputStream out) throws IOException;

    /**
     * Writes the record as {@link #write} does and returns the entry's deviations from the shape the mappings expect
     * ({@link EntryShape#deviations}), read from the same parse of the entry; empty when it has that shape.
     */
    default List<String> writeChecked(AuditEntry entry, SourceType type, OutputStream out) throws IOException {
        List<String> deviations = EntryShape.deviations(entry, type);
        write(entry, type, out);
        return deviations;
    }

    /** The record for {@code entry} as UTF-8 bytes, without a line terminator. */
    default byte[] render(AuditEntry entry, SourceType type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, entry.jsonLength() * 2));
        try {
            write(entry, type, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
