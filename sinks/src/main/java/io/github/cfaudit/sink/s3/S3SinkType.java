package io.github.cfaudit.sink.s3;

import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.OptionGroup;
import io.github.cfaudit.config.ProxyConfig;
import io.github.cfaudit.config.Secret;
import io.github.cfaudit.config.SinkOptions;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.SinkSettings;
import io.github.cfaudit.sink.SinkType;
import io.github.cfaudit.sink.manifest.ManifestOptions;
import io.github.cfaudit.sink.s3.S3SinkSettings.Encryption;
import io.github.cfaudit.sink.s3.S3SinkSettings.StaticCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * {@code type=s3}: NDJSON objects in AWS S3 or any S3-compatible store (Cloudflare R2, MinIO, Ceph). Every option is
 * checked here, at startup, so that a typo in a bucket name or an encryption setting stops the process instead of
 * failing each upload.
 */
public final class S3SinkType implements SinkType {
    public static final int MAX_OBJECT_RECORDS = 1_000_000;
    /** Objects are built in memory, one at a time: 1 GiB is far above any page and well below a byte array. */
    public static final int MAX_OBJECT_BYTES = 1 << 30;

    public static final int MIN_OBJECT_BYTES = 1024;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> RESERVED_BUCKET_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_BUCKET_SUFFIXES =
            List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");
    /** The characters S3 documents as safe in keys, minus nothing a shell or URL would mangle. */
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()-]+/)+");

    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern KMS_KEY = Pattern.compile("[A-Za-z0-9:/_.+=@-]{1,2048}");
    private static final Pattern ACCESS_KEY = Pattern.compile("\\S{1,256}");

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public OptionGroup options() {
        return S3SinkOptions.GROUP;
    }

    @Override
    public S3SinkSettings parse(ConfigProperties s) {
        String bucket = bucket(s);
        String prefix = prefix(s, ocsfParquet(s));
        Optional<URI> endpoint = endpoint(s);
        String region = region(s, endpoint);
        boolean pathStyle = s.bool(S3SinkOptions.PATH_STYLE);
        if (!pathStyle && endpoint.isPresent() && needsPathStyle(endpoint.get().getHost())) {
            throw new ConfigException(
                    s.key("path-style"),
                    "is false, but the endpoint " + endpoint.get()
                            + " is addressed by IP or localhost, where the bucket cannot be part of the host name; valid: true");
        }
        Optional<StaticCredentials> credentials = credentials(s);
        boolean gzip = s.bool(S3SinkOptions.GZIP);
        Optional<Encryption> encryption = encryption(s);
        Optional<String> storageClass = storageClass(s);
        int maxRecords = s.integer(S3SinkOptions.MAX_OBJECT_RECORDS);
        int maxBytes = s.integer(S3SinkOptions.MAX_OBJECT_BYTES);
        Optional<SecurityLakeSettings> securityLake = securityLake(s, region);
        if (securityLake.isPresent()) {
            if (s.optional(S3SinkOptions.GZIP).isPresent() && gzip) {
                throw new ConfigException(
                        s.key(S3SinkOptions.GZIP),
                        "is true, but with " + s.key(SinkOptions.CODEC) + "=ocsf-parquet the Parquet objects compress "
                                + "their own pages (ZSTD); valid: remove it, or false");
            }
            gzip = false;
        }
        return new S3SinkSettings(
                bucket,
                prefix,
                endpoint,
                region,
                pathStyle,
                credentials,
                gzip,
                encryption,
                storageClass,
                maxRecords,
                maxBytes,
                ProxyConfig.parse(s),
                securityLake,
                objectLock(s, endpoint),
                ManifestOptions.parse(s));
    }

    @Override
    public List<String> codecs() {
        return CODECS;
    }

    /** The JSON codecs, and the Parquet objects of Amazon Security Lake. */
    private static final List<String> CODECS = List.of("cloudflare", "ocsf", "ecs", OcsfParquetCodec.NAME);

    /**
     * {@code security-lake.source} and {@code security-lake.account-id}: both required with
     * {@code codec=ocsf-parquet}, refused with every other codec.
     */
    private static Optional<SecurityLakeSettings> securityLake(ConfigProperties s, String region) {
        boolean parquet = ocsfParquet(s);
        Optional<String> source = s.optional(S3SinkOptions.SECURITY_LAKE_SOURCE);
        Optional<String> account = s.optional(S3SinkOptions.SECURITY_LAKE_ACCOUNT_ID);
        if (!parquet) {
            for (var option : List.of(S3SinkOptions.SECURITY_LAKE_SOURCE, S3SinkOptions.SECURITY_LAKE_ACCOUNT_ID)) {
                if (s.optional(option).isPresent()) {
                    throw new ConfigException(
                            s.key(option),
                            "applies only with " + s.key(SinkOptions.CODEC) + "=ocsf-parquet (Amazon Security "
                                    + "Lake objects); valid: remove it, or set " + s.key(SinkOptions.CODEC)
                                    + "=ocsf-parquet");
                }
            }
            return Optional.empty();
        }
        if (source.isEmpty()) {
            throw new ConfigException(
                    s.key(S3SinkOptions.SECURITY_LAKE_SOURCE),
                    "is required with " + s.key(SinkOptions.CODEC) + "=ocsf-parquet; valid: the name of the custom "
                            + "source registered in Amazon Security Lake, 1 to 64 letters, digits and _-:. , e.g. "
                            + "cloudflare-audit");
        }
        if (!SecurityLakeSettings.validSource(source.get())) {
            throw new ConfigException(
                    s.key(S3SinkOptions.SECURITY_LAKE_SOURCE),
                    "'" + source.get() + "' is not a Security Lake custom source name; valid: 1 to 64 letters, "
                            + "digits and _-:. (not . or ..), e.g. cloudflare-audit");
        }
        if (account.isEmpty()) {
            throw new ConfigException(
                    s.key(S3SinkOptions.SECURITY_LAKE_ACCOUNT_ID),
                    "is required with " + s.key(SinkOptions.CODEC) + "=ocsf-parquet; valid: the 12-digit AWS "
                            + "account id of the accountId= partition, e.g. 123456789012");
        }
        if (!SecurityLakeSettings.ACCOUNT_ID.matcher(account.get()).matches()) {
            throw new ConfigException(
                    s.key(S3SinkOptions.SECURITY_LAKE_ACCOUNT_ID),
                    "'" + account.get() + "' is not an AWS account id; valid: exactly 12 digits, e.g. 123456789012");
        }
        return Optional.of(new SecurityLakeSettings(source.get(), account.get(), region));
    }

    @Override
    public AuditSink create(String sinkName, SinkSettings settings, RecordCodec codec, CamelContext context) {
        return new S3Sink(sinkName, (S3SinkSettings) settings, codec, context);
    }

    private static String bucket(ConfigProperties s) {
        String bucket = s.required(S3SinkOptions.BUCKET, "valid: the name of an existing bucket, e.g. audit-archive");
        String problem = bucketProblem(bucket);
        if (problem != null) {
            throw new ConfigException(
                    s.key("bucket"),
                    "'" + bucket + "' is not a valid bucket name (" + problem
                            + "); valid: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter "
                            + "or digit, e.g. audit-archive");
        }
        return bucket;
    }

    /** Why the name breaks the S3 bucket naming rules, or null. */
    static String bucketProblem(String bucket) {
        if (!BUCKET.matcher(bucket).matches()) {
            return bucket.length() < 3 || bucket.length() > 63 ? "length " + bucket.length() : "characters";
        }
        if (bucket.contains("..")) {
            return "two adjacent periods";
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            return "formatted as an IP address";
        }
        for (String p : RESERVED_BUCKET_PREFIXES) {
            if (bucket.startsWith(p)) {
                return "reserved prefix " + p;
            }
        }
        for (String suffix : RESERVED_BUCKET_SUFFIXES) {
            if (bucket.endsWith(suffix)) {
                return "reserved suffix " + suffix;
            }
        }
        return null;
    }

    /** Whether the sink's codec is {@code ocsf-parquet}. */
    private static boolean ocsfParquet(ConfigProperties s) {
        return s.optional(SinkOptions.CODEC)
                .map(c -> c.trim().toLowerCase(Locale.ROOT).equals(OcsfParquetCodec.NAME))
                .orElse(false);
    }

    /**
     * {@code prefix}; with {@code ocsf-parquet} it defaults to none, since Security Lake's custom source location is
     * {@code ext/<source>/} at the root of its bucket.
     */
    private static String prefix(ConfigProperties s, boolean ocsfParquet) {
        if (ocsfParquet && s.optional(S3SinkOptions.PREFIX).isEmpty()) {
            return "";
        }
        String prefix = s.string(S3SinkOptions.PREFIX);
        boolean dotSegment = List.of(prefix.split("/")).stream().anyMatch(seg -> seg.equals(".") || seg.equals(".."));
        if (!PREFIX.matcher(prefix).matches() || dotSegment || prefix.length() > 512) {
            throw new ConfigException(
                    s.key("prefix"),
                    "'" + prefix + "' is not a valid key prefix; valid: one or more "
                            + "path segments of letters, digits and !_.*'()- each ending with '/' (no '.' or '..' segment), "
                            + "e.g. cloudflare-audit/ or archive/cloudflare/");
        }
        return prefix;
    }

    private static Optional<URI> endpoint(ConfigProperties s) {
        Optional<String> raw = s.optional(S3SinkOptions.ENDPOINT);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String value =
                raw.get().endsWith("/") ? raw.get().substring(0, raw.get().length() - 1) : raw.get();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null
                || uri.getUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
            throw new ConfigException(
                    s.key("endpoint"),
                    "'" + raw.get() + "' is not an http(s) URL of an S3 service "
                            + "(scheme, host and port only: the bucket goes in " + s.key("bucket")
                            + "); valid examples: "
                            + "https://<account-id>.r2.cloudflarestorage.com, http://minio.internal:9000; leave it out for AWS");
        }
        return Optional.of(uri);
    }

    private static String region(ConfigProperties s, Optional<URI> endpoint) {
        String region = s.string(S3SinkOptions.REGION).toLowerCase(Locale.ROOT);
        if (!REGION.matcher(region).matches() || region.length() > 64) {
            throw new ConfigException(
                    s.key("region"),
                    "'" + region + "' is not a region name; valid examples: "
                            + "us-east-1, eu-central-1, auto (Cloudflare R2)");
        }
        if (endpoint.isEmpty() && !AWS_REGION.matcher(region).matches()) {
            throw new ConfigException(
                    s.key("region"),
                    "'" + region + "' is not an AWS region, and without "
                            + s.key("endpoint") + " the sink talks to AWS; valid: an AWS region such as us-east-1 or "
                            + "eu-west-3, or set the endpoint of your S3-compatible service");
        }
        return region;
    }

    private static boolean needsPathStyle(String host) {
        String h = host.startsWith("[") ? host : host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") || IP_ADDRESS.matcher(h).matches() || h.equals("localhost");
    }

    private static Optional<StaticCredentials> credentials(ConfigProperties s) {
        Optional<String> accessKey = s.optional(S3SinkOptions.ACCESS_KEY);
        Optional<Secret> secretKey = s.secret(S3SinkOptions.SECRET_KEY);
        if (accessKey.isEmpty() && secretKey.isEmpty()) {
            return Optional.empty();
        }
        if (accessKey.isEmpty()) {
            throw new ConfigException(
                    s.key("access-key"),
                    "is required with " + s.key("secret-key")
                            + "; valid: the access key id of the key pair, or neither key to use the AWS default credentials "
                            + "chain");
        }
        if (secretKey.isEmpty()) {
            throw new ConfigException(
                    s.key("secret-key"),
                    "is required with " + s.key("access-key")
                            + "; valid: the secret access key of the key pair, or neither key to use the AWS default "
                            + "credentials chain");
        }
        if (!ACCESS_KEY.matcher(accessKey.get()).matches()) {
            throw new ConfigException(
                    s.key("access-key"),
                    "is not an access key id; valid: up to 256 characters "
                            + "without white space, e.g. AKIAIOSFODNN7EXAMPLE");
        }
        return Optional.of(new StaticCredentials(Secret.of(accessKey.get()), secretKey.get()));
    }

    private static Optional<Encryption> encryption(ConfigProperties s) {
        Optional<String> sse = s.optional(S3SinkOptions.SSE);
        Optional<String> kmsKeyId = s.optional(S3SinkOptions.KMS_KEY_ID);
        if (sse.isEmpty()) {
            if (kmsKeyId.isPresent()) {
                throw new ConfigException(
                        s.key("kms-key-id"),
                        "is only used with " + s.key("sse") + "=aws:kms; valid: "
                                + "set sse=aws:kms, or remove kms-key-id");
            }
            return Optional.empty();
        }
        String algorithm;
        if (sse.get().equalsIgnoreCase(Encryption.AES256)) {
            algorithm = Encryption.AES256;
        } else if (sse.get().equalsIgnoreCase(Encryption.AWS_KMS)) {
            algorithm = Encryption.AWS_KMS;
        } else {
            throw new ConfigException(
                    s.key("sse"),
                    "'" + sse.get() + "' is not valid; valid: AES256 (S3-managed keys) " + "or aws:kms (with "
                            + s.key("kms-key-id") + ")");
        }
        if (algorithm.equals(Encryption.AES256) && kmsKeyId.isPresent()) {
            throw new ConfigException(
                    s.key("kms-key-id"),
                    "is only used with " + s.key("sse") + "=aws:kms, not with "
                            + "AES256; valid: remove kms-key-id, or set sse=aws:kms");
        }
        if (algorithm.equals(Encryption.AWS_KMS)) {
            if (kmsKeyId.isEmpty()) {
                throw new ConfigException(
                        s.key("kms-key-id"),
                        "is required with " + s.key("sse") + "=aws:kms; valid: "
                                + "a KMS key id, alias/<name> or key ARN");
            }
            if (!KMS_KEY.matcher(kmsKeyId.get()).matches()) {
                throw new ConfigException(
                        s.key("kms-key-id"),
                        "'" + kmsKeyId.get() + "' is not a KMS key reference; "
                                + "valid: a key id (1234abcd-12ab-34cd-56ef-1234567890ab), alias/<name> or a key ARN");
            }
        }
        return Optional.of(new Encryption(algorithm, kmsKeyId));
    }

    /** {@code object-lock.mode} and {@code object-lock.retain}: both or neither, and never for Cloudflare R2. */
    static Optional<ObjectLock> objectLock(ConfigProperties s, Optional<URI> endpoint) {
        Optional<String> mode = s.optional(S3SinkOptions.OBJECT_LOCK_MODE);
        Optional<String> retain = s.optional(S3SinkOptions.OBJECT_LOCK_RETAIN);
        if (mode.isEmpty() && retain.isEmpty()) {
            return Optional.empty();
        }
        String modeKey = s.key(S3SinkOptions.OBJECT_LOCK_MODE);
        String retainKey = s.key(S3SinkOptions.OBJECT_LOCK_RETAIN);
        if (endpoint.isPresent() && S3SinkSettings.isR2(endpoint.get())) {
            throw new ConfigException(
                    mode.isPresent() ? modeKey : retainKey,
                    "is set, but the endpoint " + endpoint.get() + " is Cloudflare R2, which has no per-object "
                            + "retention (it ignores or refuses x-amz-object-lock-* headers); R2 locks objects with "
                            + "bucket lock rules per prefix: add a rule for the prefix "
                            + s.string(S3SinkOptions.PREFIX)
                            + " (dashboard: R2 > bucket > Settings > Bucket lock rules, or `wrangler r2 bucket lock "
                            + "add`); valid: no object-lock.* option for an R2 endpoint");
        }
        if (mode.isEmpty()) {
            throw new ConfigException(
                    modeKey,
                    "is required with " + retainKey + "; valid: GOVERNANCE or COMPLIANCE, or remove " + retainKey);
        }
        if (retain.isEmpty()) {
            throw new ConfigException(
                    retainKey,
                    "is required with " + modeKey + "; valid: an ISO-8601 period or duration such as P7Y, P90D or "
                            + "PT36H, or remove " + modeKey);
        }
        String m = mode.get().toUpperCase(Locale.ROOT);
        if (!ObjectLock.MODES.contains(m)) {
            throw new ConfigException(
                    modeKey,
                    "'" + mode.get() + "' is not an Object Lock mode; valid: GOVERNANCE (users with "
                            + "s3:BypassGovernanceRetention may still delete) or COMPLIANCE (nobody can, until the date)");
        }
        ObjectLock lock = ObjectLock.of(m, retain.get())
                .orElseThrow(() -> new ConfigException(
                        retainKey,
                        "'" + retain.get() + "' is not an ISO-8601 period or duration; valid examples: P7Y, P1Y6M, "
                                + "P90D, PT36H"));
        java.time.Instant now = java.time.Instant.now();
        if (!lock.positive(now)) {
            throw new ConfigException(
                    retainKey, "'" + retain.get() + "' is not longer than zero; valid: e.g. P7Y, P90D, PT36H");
        }
        if (lock.tooLong(now)) {
            throw new ConfigException(
                    retainKey, "'" + retain.get() + "' is longer than 100 years; valid: e.g. P7Y, P90D, PT36H");
        }
        return Optional.of(lock);
    }

    private static Optional<String> storageClass(ConfigProperties s) {
        Optional<String> raw = s.optional(S3SinkOptions.STORAGE_CLASS);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Set<String> valid = StorageClass.knownValues().stream()
                .map(StorageClass::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        String value = raw.get().toUpperCase(Locale.ROOT);
        if (!valid.contains(value)) {
            throw new ConfigException(
                    s.key("storage-class"),
                    "'" + raw.get() + "' is not an S3 storage class; valid: " + String.join(", ", valid)
                            + " (Cloudflare R2: STANDARD or STANDARD_IA)");
        }
        return Optional.of(value);
    }
}
