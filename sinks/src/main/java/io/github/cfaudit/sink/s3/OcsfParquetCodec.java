package io.github.cfaudit.sink.s3;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.formats.OcsfFormat;
import io.github.cfaudit.formats.RecordFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * {@code codec=ocsf-parquet} (S3 sinks only): OCSF records, of the version and with the options of {@link #ocsf()},
 * stored as Apache Parquet objects by the {@link S3ObjectEncoder} of the {@code security-lake} module. One record on
 * its own ({@link #write}) is the OCSF JSON object, the same record the Parquet row holds.
 */
public final class OcsfParquetCodec implements RecordFormat {
    public static final String NAME = "ocsf-parquet";
    /** The module that provides the encoder, named in the error when it is missing. */
    public static final String MODULE = "io.github.cfaudit:camel-cloudflare-audit-security-lake";

    private final OcsfFormat ocsf;
    private final S3ObjectEncoder encoder;

    public OcsfParquetCodec(OcsfFormat ocsf, S3ObjectEncoder encoder) {
        this.ocsf = Objects.requireNonNull(ocsf, "ocsf == null");
        this.encoder = Objects.requireNonNull(encoder, "encoder == null");
    }

    /** The OCSF records each row holds. */
    public OcsfFormat ocsf() {
        return ocsf;
    }

    public S3ObjectEncoder encoder() {
        return encoder;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mediaType() {
        return encoder.contentType();
    }

    @Override
    public void write(AuditEntry entry, SourceType type, OutputStream out) throws IOException {
        ocsf.write(entry, type, out);
    }

    @Override
    public String toString() {
        return NAME + " (" + ocsf + ")";
    }
}
