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
        Objects.requireNonNull(manifest, "manifest == null");
        if (maxObjectRecords < 1 || maxObjectBytes < 1) {
            throw new IllegalArgumentException("object limits must be positive");
        }
    }

    /** Without manifests. */
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
                ManifestSettings.NONE);
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

    /** The extension of the objects: {@code .ndjson.gz} or {@code .ndjson}. */
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
