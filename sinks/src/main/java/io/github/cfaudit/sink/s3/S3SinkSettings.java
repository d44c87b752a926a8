package io.github.cfaudit.sink.s3;

import io.github.cfaudit.config.ProxyConfig;
import io.github.cfaudit.config.Secret;
import io.github.cfaudit.sink.SinkSettings;
import io.github.cfaudit.sink.manifest.ManifestSettings;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code cfaudit.sink.<name>.type=s3}, validated by {@link S3SinkType#parse}. Printing it reveals no credential.
 *
 * @param bucket           {@code bucket}: the bucket name (S3 naming rules)
 * @param prefix           {@code prefix}: the key prefix, path segments each ending with {@code /}
 * @param endpoint         {@code endpoint}: an S3-compatible service; empty = AWS
 * @param region           {@code region}: the signing region ({@code auto} for Cloudflare R2)
 * @param pathStyle        {@code path-style}: bucket in the path instead of the host name
 * @param credentials      {@code access-key} + {@code secret-key}; empty = the AWS default credentials chain
 * @param gzip             {@code gzip}: objects are gzip-compressed {@code .ndjson.gz}
 * @param encryption       {@code sse} (+ {@code kms-key-id}): server-side encryption asked on every object
 * @param storageClass     {@code storage-class}: empty = the bucket's default
 * @param maxObjectRecords {@code max-object-records}: the most entries in one object
 * @param maxObjectBytes   {@code max-object-bytes}: the most uncompressed NDJSON bytes in one object (a single larger
 *                         entry still gets an object of its own)
 * @param proxy            {@code proxy}, {@code proxy-username}, {@code proxy-password}, {@code no-proxy}: the HTTP
 *                         proxy the S3 requests go through
 * @param securityLake     {@code codec=ocsf-parquet}: the Amazon Security Lake custom source layout of the objects;
 *                         empty for every other codec
 * @param objectLock       {@code object-lock.mode} + {@code object-lock.retain}: the Object Lock retention of every
 *                         object; empty = none asked (the bucket's default retention, if any, applies)
 * @param manifest         {@code manifest.*}: signed manifests below {@code <prefix>_manifests/}, or none
 */
public record S3SinkSettings(
        String bucket,
        String prefix,
        Optional<URI> endpoint,
        String region,
        boolean pathStyle,
        Optional<StaticCredentials> credentials,
        boolean gzip,
        Optional<Encryption> encryption,
        Optional<String> storageClass,
        int maxObjectRecords,
        int maxObjectBytes,
        Optional<ProxyConfig> proxy,
        Optional<SecurityLakeSettings> securityLake,
        Optional<ObjectLock> objectLock,
        ManifestSettings manifest)
        implements SinkSettings {
    public static final String DEFAULT_PREFIX = "cloudflare-audit/";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final int DEFAULT_MAX_OBJECT_RECORDS = 10_000;
    public static final int DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

    public S3SinkSettings {
        Objects.requireNonNull(bucket, "bucket == null");
        Objects.requireNonNull(prefix, "prefix == null");
        Objects.requireNonNull(endpoint, "endpoint == null");
        Objects.requireNonNull(region, "region == null");
        Objects.requireNonNull(credentials, "credentials == null");
        Objects.requireNonNull(encryption, "encryption == null");
        Objects.requireNonNull(storageClass, "storageClass == null");
        Objects.requireNonNull(proxy, "proxy == null");
        Objects.requireNonNull(securityLake, "securityLake == null");
        if (securityLake.isPresent() && gzip) {
            throw new IllegalArgumentException("Parquet objects compress their pages themselves: no gzip");
        }
        Objects.requireNonNull(objectLock, "objectLock == null");
        Objects.requireNonNull(manifest, "manifest == null");
        if (maxObjectRecords < 1 || maxObjectBytes < 1) {
            throw new IllegalArgumentException("object limits must be positive");
        }
    }

    /** A fixed key pair. Both parts are secrets: neither is printed. */
    public record StaticCredentials(Secret accessKey, Secret secretKey) {
        public StaticCredentials {
            Objects.requireNonNull(accessKey, "accessKey == null");
            Objects.requireNonNull(secretKey, "secretKey == null");
        }
    }

    /**
     * Server-side encryption of every object.
     *
     * @param algorithm {@link #AES256} (S3-managed keys) or {@link #AWS_KMS}
     * @param kmsKeyId  the KMS key (id, alias or ARN); present exactly with {@code aws:kms}
     */
    public record Encryption(String algorithm, Optional<String> kmsKeyId) {
        public static final String AES256 = "AES256";
        public static final String AWS_KMS = "aws:kms";

        public Encryption {
            Objects.requireNonNull(algorithm, "algorithm == null");
            Objects.requireNonNull(kmsKeyId, "kmsKeyId == null");
            if (!algorithm.equals(AES256) && !algorithm.equals(AWS_KMS)) {
                throw new IllegalArgumentException("unknown algorithm " + algorithm);
            }
            if (algorithm.equals(AWS_KMS) != kmsKeyId.isPresent()) {
                throw new IllegalArgumentException("kmsKeyId goes with aws:kms, and only with it");
            }
        }

        public boolean isKms() {
            return algorithm.equals(AWS_KMS);
        }
    }

    /** As a sink of any codec but {@code ocsf-parquet}, without Object Lock or manifests. */
    public S3SinkSettings(
            String bucket,
            String prefix,
            Optional<URI> endpoint,
            String region,
            boolean pathStyle,
            Optional<StaticCredentials> credentials,
            boolean gzip,
            Optional<Encryption> encryption,
            Optional<String> storageClass,
            int maxObjectRecords,
            int maxObjectBytes,
            Optional<ProxyConfig> proxy) {
        this(
                bucket,
                prefix,
                endpoint,
                region,
                pathStyle,
                credentials,
                gzip,
                encryption,
                storageClass,
                maxObjectRecords,
                maxObjectBytes,
                proxy,
                Optional.empty(),
                Optional.empty(),
                ManifestSettings.NONE);
    }

    /** True when the endpoint is Cloudflare R2 ({@code <account-id>.r2.cloudflarestorage.com}, any jurisdiction). */
    public boolean isR2() {
        return endpoint.map(S3SinkSettings::isR2).orElse(false);
    }

    static boolean isR2(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && host.toLowerCase(java.util.Locale.ROOT).endsWith(R2_HOST_SUFFIX);
    }

    /** The end of every Cloudflare R2 S3 endpoint's host name. */
    public static final String R2_HOST_SUFFIX = ".r2.cloudflarestorage.com";

    /** The extension of the NDJSON objects: {@code .ndjson.gz} or {@code .ndjson}. */
    public String extension() {
        return gzip ? ".ndjson.gz" : ".ndjson";
    }

    /** Where the objects go, for log lines: {@code s3://bucket/prefix at endpoint}. */
    public String describe() {
        return "s3://" + bucket + "/" + prefix + " at "
                + endpoint.map(URI::toString).orElse("AWS " + region) + (pathStyle ? " (path-style)" : "")
                + proxy.map(p -> " via proxy " + p.describe()).orElse("");
    }
}
