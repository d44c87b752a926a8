package io.github.cfaudit.sink.s3;

import io.github.cfaudit.config.ConnectionOptions;
import io.github.cfaudit.config.Option;
import io.github.cfaudit.config.OptionGroup;
import io.github.cfaudit.config.Secret;
import io.github.cfaudit.sink.manifest.ManifestOptions;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code type=s3}. */
public final class S3SinkOptions {
    public static final Option<String> BUCKET = Option.text(
                    "bucket",
                    "bucket name",
                    null,
                    "3 to 63 lower-case " + "letters, digits, `.` and `-`",
                    "the bucket (it must exist; the sink never creates one)")
            .defaultText("required")
            .example("audit-archive");
    public static final Option<String> PREFIX = Option.text(
            "prefix",
            "key prefix",
            S3SinkSettings.DEFAULT_PREFIX,
            "path segments of letters, digits and `!_.*'()-`, each ending with `/`",
            "key prefix of every object (with `codec=ocsf-parquet`: none by default, the objects go to "
                    + "`ext/<source>/…` at the root of the Security Lake bucket)");
    public static final Option<String> ENDPOINT = Option.text(
                    "endpoint",
                    "URL",
                    null,
                    "scheme, host and port only",
                    "URL of an S3-compatible service, e.g. `https://<account-id>.r2.cloudflarestorage.com`; leave out for AWS")
            .defaultText("— (AWS)");
    public static final Option<String> REGION = Option.text(
            "region",
            "region",
            S3SinkSettings.DEFAULT_REGION,
            "an AWS region name; `auto` for Cloudflare R2",
            "signing region");
    public static final Option<Boolean> PATH_STYLE = Option.bool(
            "path-style",
            false,
            "put the bucket in the path "
                    + "(`http://host/bucket/key`) instead of the host name: MinIO, Ceph and s3proxy need `true`, and an "
                    + "endpoint given by IP address or `localhost`");
    public static final Option<String> ACCESS_KEY = Option.text(
            "access-key",
            "string",
            null,
            "up to 256 characters " + "without white space",
            "access key id, with `secret-key`; without both, the AWS default credentials "
                    + "chain is used (environment, `~/.aws` profile, web identity, container or instance role)");
    public static final Option<Secret> SECRET_KEY =
            Option.secret("secret-key", "secret access key, with " + "`access-key`");
    public static final Option<Boolean> GZIP = Option.bool(
            "gzip",
            true,
            "`true`: objects `….ndjson.gz` with " + "`Content-Encoding: gzip`; `false`: plain `….ndjson`");
    public static final Option<String> SSE = Option.text(
                    "sse",
                    "enum",
                    null,
                    "AES256, aws:kms",
                    "server-side "
                            + "encryption asked on every object: `AES256` (S3-managed keys) or `aws:kms` (with `kms-key-id`)")
            .defaultText("— (bucket default)");
    public static final Option<String> KMS_KEY_ID = Option.text(
            "kms-key-id",
            "string",
            null,
            "a key id, " + "`alias/<name>` or a key ARN",
            "KMS key; required with `sse=aws:kms`, not allowed otherwise");
    public static final Option<String> STORAGE_CLASS = Option.text(
                    "storage-class",
                    "enum",
                    null,
                    "an S3 storage "
                            + "class: `STANDARD`, `STANDARD_IA`, `ONEZONE_IA`, `INTELLIGENT_TIERING`, `GLACIER_IR`, `GLACIER`, "
                            + "`DEEP_ARCHIVE`, … (R2: `STANDARD` or `STANDARD_IA`)",
                    "storage class of every object")
            .defaultText("— (bucket default)");
    public static final Option<Integer> MAX_OBJECT_RECORDS = Option.integer(
            "max-object-records",
            S3SinkSettings.DEFAULT_MAX_OBJECT_RECORDS,
            1,
            S3SinkType.MAX_OBJECT_RECORDS,
            "most entries in one "
                    + "object; a page has at most 1000 entries, so by default each page makes one object per date");
    public static final Option<Integer> MAX_OBJECT_BYTES = Option.integer(
            "max-object-bytes",
            S3SinkSettings.DEFAULT_MAX_OBJECT_BYTES,
            S3SinkType.MIN_OBJECT_BYTES,
            S3SinkType.MAX_OBJECT_BYTES,
            "most uncompressed NDJSON bytes in one object (default 64 MiB); a larger entry still gets an object of "
                    + "its own");

    public static final Option<String> SECURITY_LAKE_SOURCE = Option.text(
                    "security-lake.source",
                    "custom source name",
                    null,
                    "1 to 64 letters, digits and `_-:.` (the Security Lake API's rule)",
                    "with `codec=ocsf-parquet` only, and required there: the Amazon Security Lake custom source the "
                            + "objects belong to; they go to `<prefix>ext/<source>/region=<region>/accountId=<account-id>/"
                            + "eventDay=<yyyyMMdd>/`")
            .defaultText("— (required with `ocsf-parquet`)")
            .example("cloudflare-audit");
    public static final Option<String> SECURITY_LAKE_ACCOUNT_ID = Option.text(
                    "security-lake.account-id",
                    "AWS account id",
                    null,
                    "exactly 12 digits",
                    "with `codec=ocsf-parquet` only, and required there: the AWS account id of the `accountId=` "
                            + "partition (the account the custom source's data describes)")
            .defaultText("— (required with `ocsf-parquet`)")
            .example("123456789012");
    public static final Option<String> OBJECT_LOCK_MODE = Option.text(
                    "object-lock.mode",
                    "enum",
                    null,
                    "GOVERNANCE, COMPLIANCE",
                    "S3 Object Lock retention mode of every object written (data, manifests, the `--check` object), "
                            + "with `object-lock.retain`; the bucket must have Object Lock enabled. Not for Cloudflare "
                            + "R2, which locks by bucket rules per prefix (docs/sinks/s3.md#object-lock)")
            .defaultText("— (no retention asked)")
            .example("COMPLIANCE");
    public static final Option<String> OBJECT_LOCK_RETAIN = Option.text(
                    "object-lock.retain",
                    "duration",
                    null,
                    "an ISO-8601 period or duration, more than zero and at most 100 years: `P7Y`, `P90D`, `PT36H`",
                    "how long each object is retained from its upload (`x-amz-object-lock-retain-until-date`), "
                            + "with `object-lock.mode`")
            .defaultText("—")
            .example("P7Y");

    static final OptionGroup GROUP = group();

    private S3SinkOptions() {}

    private static OptionGroup group() {
        List<Option<?>> options = new ArrayList<>(List.of(
                BUCKET,
                PREFIX,
                ENDPOINT,
                REGION,
                PATH_STYLE,
                ACCESS_KEY,
                SECRET_KEY,
                GZIP,
                SSE,
                KMS_KEY_ID,
                STORAGE_CLASS,
                MAX_OBJECT_RECORDS,
                MAX_OBJECT_BYTES,
                SECURITY_LAKE_SOURCE,
                SECURITY_LAKE_ACCOUNT_ID,
                OBJECT_LOCK_MODE,
                OBJECT_LOCK_RETAIN));
        options.addAll(ConnectionOptions.PROXY_OPTIONS);
        options.addAll(ManifestOptions.ALL);
        return new OptionGroup(
                "s3",
                "Sink `type=s3`",
                "cfaudit.sink.<name>.",
                "NDJSON objects in AWS S3, Cloudflare " + "R2, MinIO, Ceph (docs/sinks/s3.md).",
                options);
    }
}
