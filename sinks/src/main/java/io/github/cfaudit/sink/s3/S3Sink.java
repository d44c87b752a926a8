package io.github.cfaudit.sink.s3;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.manifest.ManifestWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes each page's entries as NDJSON objects, one object per page and event date (UTC) unless
 * {@code max-object-records} or {@code max-object-bytes} split it, under keys that depend only on the first entry of
 * that run (see {@link S3ObjectKeys}): a page delivered again after a crash overwrites the objects of its first
 * attempt instead of adding copies.
 *
 * <p>A flush builds one object at a time, uploads it and lets it go, and returns only when S3 confirmed every object
 * of the page; any failure throws, so the checkpoint does not move.
 */
public final class S3Sink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(S3Sink.class);

    /** The name of the {@link #check()} object, under the prefix. */
    static final String CHECK_OBJECT = ".cfaudit-check";

    private final String name;
    private final S3SinkSettings settings;
    private final S3Uploader uploader;
    /** How each entry becomes a line: {@code cfaudit.sink.<name>.codec} ({@code cloudflare}, {@code ocsf}, {@code ecs}). */
    private final RecordCodec codec;
    /** {@code manifest.*}: the signed manifests of what this sink stored (docs/archive.md); null: none. */
    private final ManifestWriter manifests;

    public S3Sink(String name, S3SinkSettings settings, CamelContext context) {
        this(name, settings, RecordCodec.verbatimCodec(), context);
    }

    /** {@code codec=ocsf-parquet}: the codec that renders a whole object; null for the line codecs. */
    private final OcsfParquetCodec objectCodec;

    public S3Sink(String name, S3SinkSettings settings, RecordCodec codec, CamelContext context) {
        this.name = name;
        this.settings = settings;
        this.codec = codec;
        this.objectCodec = codec.format() instanceof OcsfParquetCodec p ? p : null;
        if ((objectCodec != null) != settings.securityLake().isPresent()) {
            throw new IllegalArgumentException(
                    "codec=ocsf-parquet goes with the security-lake settings, and only with them");
        }
        this.uploader = new S3Uploader(
                name, settings, objectCodec == null ? S3Uploader.CONTENT_TYPE : objectCodec.mediaType(), context);
        this.manifests = settings.manifest().enabled()
                ? new ManifestWriter(
                        name,
                        settings.manifest(),
                        new S3ManifestArchive(settings, this::client, uploader),
                        Clock.systemUTC())
                : null;
    }

    private S3Client client() {
        try {
            return uploader.client();
        } catch (S3SinkException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PageBatch newBatch(SourceConfig source) {
        return new Batch(source);
    }

    @Override
    public void endRun(SourceConfig source) {
        codec.report(name, source.name());
        if (manifests != null) {
            manifests.endRun(source.name());
        }
    }

    /**
     * One PutObject of a small text object at {@code <prefix>.cfaudit-check}, with the credentials, encryption and
     * storage class of the uploads: proves the bucket reachable and writable with the permission the sink uses. The
     * object is overwritten by every check and never deleted (the sink has no delete permission); its name, outside
     * every source's folder, starts with a dot and does not end in {@code .ndjson}, so no reader of the archive takes
     * it for audit data (Athena and Hive skip files whose name starts with a dot).
     *
     * <p>Before that it asks whether the bucket has Object Lock (GetObjectLockConfiguration) and says so: not enabled,
     * enabled (with its default retention), or could not tell why not; with {@code object-lock.*} set, a bucket
     * without Object Lock fails the check, since S3 would refuse every upload. The probe object gets the retention
     * like every object, which proves the {@code s3:PutObjectRetention} permission.
     */
    @Override
    public String check() throws S3SinkException {
        String key = checkKey();
        BucketLock lock = uploader.bucketLock();
        if (settings.objectLock().isPresent() && Boolean.FALSE.equals(lock.enabled())) {
            String p = "cfaudit.sink." + name + ".";
            throw new S3SinkException("S3 sink '" + name + "': " + p + S3SinkOptions.OBJECT_LOCK_MODE.name() + " and "
                    + p + S3SinkOptions.OBJECT_LOCK_RETAIN.name() + " are set, but bucket " + settings.bucket()
                    + " has no Object Lock (GetObjectLockConfiguration: not enabled), so S3 would refuse every "
                    + "upload; enable Object Lock on the bucket (it needs versioning), or remove the object-lock.* "
                    + "options");
        }
        byte[] body = ("camel-cloudflare-audit --check " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
        uploader.putCheckObject(key, body);
        return "bucket " + settings.bucket() + " writable at "
                + settings.endpoint().map(URI::toString).orElse("AWS " + settings.region()) + " (probe object " + key
                + "); Object Lock " + lock.description()
                + settings.objectLock()
                        .map(l -> "; objects written with " + l.describe())
                        .orElse("");
    }

    /** {@code <prefix>.cfaudit-check}. */
    String checkKey() {
        return settings.prefix() + CHECK_OBJECT;
    }

    /** The objects a page's entries become, in upload order; their content is built at upload, one at a time. */
    List<ObjectPlan> plan(String source, Map<LocalDate, List<AuditEntry>> partitions) {
        return plan(source, partitions, null);
    }

    /**
     * As above; {@code config} set and a codec other than {@code cloudflare}: the records are rendered first, so
     * that {@code max-object-bytes} counts the bytes of the records as stored.
     */
    List<ObjectPlan> plan(String source, Map<LocalDate, List<AuditEntry>> partitions, SourceConfig config) {
        List<ObjectPlan> plans = new ArrayList<>();
        for (List<AuditEntry> entries : partitions.values()) {
            AuditEntry first = entries.get(0);
            if (objectCodec != null) {
                // the Parquet sizes are known only once written: max-object-bytes counts the entries as sent
                List<List<AuditEntry>> parts =
                        NdjsonObject.split(entries, settings.maxObjectRecords(), settings.maxObjectBytes());
                for (int i = 0; i < parts.size(); i++) {
                    String key = S3ObjectKeys.securityLakeKey(
                            settings.prefix(),
                            settings.securityLake().orElseThrow(),
                            source,
                            first,
                            i,
                            objectCodec.encoder().extension());
                    plans.add(new ObjectPlan(key, parts.get(i), null));
                }
                continue;
            }
            if (config == null || codec.verbatim()) {
                List<List<AuditEntry>> parts =
                        NdjsonObject.split(entries, settings.maxObjectRecords(), settings.maxObjectBytes());
                for (int i = 0; i < parts.size(); i++) {
                    String key = S3ObjectKeys.objectKey(settings.prefix(), source, first, i, settings.extension());
                    plans.add(new ObjectPlan(key, parts.get(i), null));
                }
                continue;
            }
            List<byte[]> records = new ArrayList<>(entries.size());
            for (AuditEntry e : entries) {
                records.add(codec.render(e, config));
            }
            List<int[]> ranges = NdjsonObject.ranges(records, settings.maxObjectRecords(), settings.maxObjectBytes());
            for (int i = 0; i < ranges.size(); i++) {
                int[] r = ranges.get(i);
                String key = S3ObjectKeys.objectKey(settings.prefix(), source, first, i, settings.extension());
                plans.add(new ObjectPlan(key, entries.subList(r[0], r[1]), records.subList(r[0], r[1])));
            }
        }
        return plans;
    }

    /** An object to build: its key and its entries; {@code records} their rendered lines, or null: verbatim. */
    record ObjectPlan(String key, List<AuditEntry> entries, List<byte[]> records) {
        ObjectPlan(String key, List<AuditEntry> entries) {
            this(key, entries, null);
        }

        NdjsonObject build(boolean gzip) {
            return records == null
                    ? NdjsonObject.of(key, entries, gzip)
                    : NdjsonObject.ofRecords(key, entries, records, gzip);
        }
    }

    @Override
    public void close() {
        if (manifests != null) {
            manifests.close();
        }
        uploader.close();
    }

    private final class Batch implements PageBatch {
        private final SourceConfig config;
        private final String source;
        /** Entries per event date, in page order. */
        private final Map<LocalDate, List<AuditEntry>> partitions = new TreeMap<>();

        private int size;

        Batch(SourceConfig source) {
            this.config = source;
            this.source = source.name();
        }

        @Override
        public void add(AuditEntry entry) {
            partitions
                    .computeIfAbsent(S3ObjectKeys.partition(entry), d -> new ArrayList<>())
                    .add(entry);
            size++;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void flush() throws S3SinkException {
            try {
                if (manifests != null) {
                    // before the first upload of this process: a previous one may have left objects no manifest covers
                    manifests.prepare(source);
                }
                for (ObjectPlan plan : plan(source, partitions, config)) {
                    NdjsonObject object = objectCodec != null ? encode(plan) : plan.build(settings.gzip());
                    uploader.put(object);
                    if (manifests != null) {
                        manifests.stored(
                                source,
                                object.key(),
                                object.rawBytes(),
                                object.body().length,
                                object.sha256(),
                                object.records(),
                                object.first(),
                                object.last());
                    }
                }
                if (manifests != null) {
                    manifests.afterPage(source);
                }
            } catch (IOException e) {
                S3SinkException failed = new S3SinkException("S3 sink '" + name + "': the manifest of source " + source
                        + ": " + e.getMessage() + "; the page is not confirmed and will be delivered again");
                failed.addSuppressed(e);
                throw failed;
            }
        }

        /** The Parquet object of a plan, the codec's shape report counting for this run. */
        private NdjsonObject encode(ObjectPlan plan) {
            S3ObjectEncoder.ShapeReport report = new S3ObjectEncoder.ShapeReport() {
                @Override
                public void rendering(AuditEntry entry) {
                    codec.noteShape(entry, config);
                }

                @Override
                public void unrendered(AuditEntry entry, RuntimeException failure) {
                    codec.noteUnrendered(entry, config, failure);
                }
            };
            byte[] body = objectCodec.encoder().encode(plan.entries(), config, objectCodec.ocsf(), report);
            return NdjsonObject.ofEncoded(plan.key(), plan.entries(), body);
        }
    }
}
