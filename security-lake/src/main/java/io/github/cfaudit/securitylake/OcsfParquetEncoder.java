package io.github.cfaudit.securitylake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.formats.OcsfFormat;
import io.github.cfaudit.formats.OcsfVersion;
import io.github.cfaudit.sink.s3.OcsfParquetCodec;
import io.github.cfaudit.sink.s3.S3ObjectEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * {@code codec=ocsf-parquet}: one Apache Parquet object per run of entries, one row per entry holding its OCSF record
 * (columns: {@link OcsfParquetSchema}), ZSTD-compressed pages (what Amazon Security Lake's own sources write), a
 * single row group. Found by the S3 sink through {@link java.util.ServiceLoader}.
 *
 * <p>The bytes depend only on the entries: parquet-java writes no clock or host into a file, so a replayed page gives
 * an identical object.
 */
public final class OcsfParquetEncoder implements S3ObjectEncoder {
    /** The Parquet media type (IANA registration of 2024). */
    public static final String CONTENT_TYPE = "application/vnd.apache.parquet";

    private final Map<String, MessageType> schemas = new ConcurrentHashMap<>();

    @Override
    public String codec() {
        return OcsfParquetCodec.NAME;
    }

    @Override
    public String extension() {
        return ".parquet";
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    /** The schema of the objects of {@code type}'s records in {@code version}. */
    public MessageType schema(SourceType type, OcsfVersion version) {
        int uid = OcsfFormat.classUid(type);
        return schemas.computeIfAbsent(uid + "/" + version.id(), k -> OcsfParquetSchema.of(uid, version));
    }

    @Override
    public byte[] encode(List<AuditEntry> entries, SourceConfig source, OcsfFormat format, ShapeReport shapes) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an object needs at least one entry");
        }
        SourceType type = source.type();
        MessageType schema = schema(type, format.version());
        Map<String, String> metadata = Map.of(
                "ocsf.version", format.version().id(),
                "ocsf.class_uid", Integer.toString(OcsfFormat.classUid(type)));
        long size = 0;
        for (AuditEntry e : entries) {
            size += e.jsonLength();
        }
        InMemoryOutputFile file = new InMemoryOutputFile((int) Math.min(Integer.MAX_VALUE - 8, size / 4));
        try (ParquetWriter<ObjectNode> writer =
                new Builder(file, new OcsfRecordWriteSupport(schema, metadata)).build()) {
            for (AuditEntry entry : entries) {
                shapes.rendering(entry);
                ObjectNode record;
                try {
                    record = format.record(entry, type);
                } catch (RuntimeException e) {
                    shapes.unrendered(entry, e);
                    record = Fallback.record(entry, type, format.version());
                }
                writer.write(OcsfRecordWriteSupport.fit(schema, record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }

    /** parquet-java's writer on an {@link OutputFile}, without Hadoop: plain configuration, our ZSTD factory. */
    private static final class Builder extends ParquetWriter.Builder<ObjectNode, Builder> {
        private final OcsfRecordWriteSupport support;

        Builder(OutputFile file, OcsfRecordWriteSupport support) {
            super(file);
            this.support = support;
            withConf(new PlainParquetConfiguration());
            withCodecFactory(ZstdCodecFactory.INSTANCE);
            withCompressionCodec(CompressionCodecName.ZSTD);
            withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
            // the whole object is one row group: objects hold at most max-object-records entries
            withRowGroupSize(Long.MAX_VALUE);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ObjectNode> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<ObjectNode> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }
}
