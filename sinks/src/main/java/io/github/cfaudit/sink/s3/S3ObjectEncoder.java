package io.github.cfaudit.sink.s3;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.formats.OcsfFormat;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Renders a run of entries into one whole object, for the codecs whose records are not lines of text but a binary
 * container ({@code codec=ocsf-parquet}: Apache Parquet, for Amazon Security Lake). Implementations live in modules
 * of their own, found with {@link ServiceLoader} ({@code META-INF/services/io.github.cfaudit.sink.s3.S3ObjectEncoder}),
 * so that the S3 sink, and the component below it, carry no container library on their class path.
 *
 * <p>Implementations are stateless and thread-safe; one instance serves every sink and page.
 */
public interface S3ObjectEncoder {

    /** The codec it serves, e.g. {@code ocsf-parquet}. */
    String codec();

    /** The object name's extension, e.g. {@code .parquet}. */
    String extension();

    /** The {@code Content-Type} of the objects. */
    String contentType();

    /**
     * The object holding {@code entries} (at least one, all from {@code source}, in page order) as records of
     * {@code format}. The same entries always give the same bytes, so that a replayed page overwrites its object with
     * identical content.
     *
     * @param shapes called once per entry before it is rendered, for the sink's once-per-run count of entries of an
     *               unexpected shape
     */
    byte[] encode(List<AuditEntry> entries, SourceConfig source, OcsfFormat format, ShapeReport shapes);

    /** Where an encoder reports entries it could not render as they are (see {@code RecordCodec}). */
    interface ShapeReport {
        /** Notes the shape of an entry before it is rendered. */
        void rendering(AuditEntry entry);

        /** Notes an entry the format failed on; the encoder still writes a record for it. */
        void unrendered(AuditEntry entry, RuntimeException failure);
    }

    /** The encoder of {@code codec} on the class path, if any. */
    static Optional<S3ObjectEncoder> find(String codec) {
        for (S3ObjectEncoder e : ServiceLoader.load(S3ObjectEncoder.class, S3ObjectEncoder.class.getClassLoader())) {
            if (e.codec().equals(codec)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
