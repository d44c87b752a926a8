package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.ProxyConfig;
import io.github.cfaudit.sink.SinkTypes;
import io.github.cfaudit.sink.s3.S3SinkSettings.Encryption;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3SinkTypeTest {
    private static final String P = "cfaudit.sink.arch.";

    private static S3SinkSettings parse(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put(P + "bucket", "audit-archive");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                props.remove(P + keyValues[i]);
            } else {
                props.put(P + keyValues[i], keyValues[i + 1]);
            }
        }
        return new S3SinkType().parse(ConfigProperties.of(props).section("cfaudit.sink.arch"));
    }

    private static void rejects(String key, String messagePart, String... keyValues) {
        assertThatThrownBy(() -> parse(keyValues))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(P + key)
                .hasMessageContaining(messagePart)
                .hasMessageContaining("valid");
    }

    @Test
    void isRegisteredAsS3() {
        assertThat(SinkTypes.all().get("s3")).isInstanceOf(S3SinkType.class);
    }

    @Test
    void defaultsTalkToAwsWithGzipAndTheDefaultCredentialsChain() {
        S3SinkSettings s = parse();
        assertThat(s.bucket()).isEqualTo("audit-archive");
        assertThat(s.prefix()).isEqualTo("cloudflare-audit/");
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.credentials()).isEmpty();
        assertThat(s.gzip()).isTrue();
        assertThat(s.extension()).isEqualTo(".ndjson.gz");
        assertThat(s.encryption()).isEmpty();
        assertThat(s.storageClass()).isEmpty();
        assertThat(s.maxObjectRecords()).isEqualTo(10_000);
        assertThat(s.maxObjectBytes()).isEqualTo(64 * 1024 * 1024);
    }

    @Test
    void cloudflareR2() {
        S3SinkSettings s = parse(
                "endpoint",
                "https://023e105f4ecef8ad9ca31a8372d0c353.r2.cloudflarestorage.com/",
                "region",
                "auto",
                "access-key",
                "AKR2",
                "secret-key",
                "r2-secret",
                "storage-class",
                "standard_ia");
        assertThat(s.endpoint())
                .contains(URI.create("https://023e105f4ecef8ad9ca31a8372d0c353.r2.cloudflarestorage.com"));
        assertThat(s.region()).isEqualTo("auto");
        assertThat(s.storageClass()).contains("STANDARD_IA");
        assertThat(s.credentials().orElseThrow().secretKey().reveal()).isEqualTo("r2-secret");
    }

    @Test
    void minioWithPathStyleAndEverythingElseSet() {
        S3SinkSettings s = parse(
                "endpoint",
                "http://127.0.0.1:9000",
                "path-style",
                "true",
                "prefix",
                "a/b-c/",
                "gzip",
                "false",
                "sse",
                "aws:KMS",
                "kms-key-id",
                "alias/audit",
                "max-object-records",
                "500",
                "max-object-bytes",
                "1048576");
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.prefix()).isEqualTo("a/b-c/");
        assertThat(s.extension()).isEqualTo(".ndjson");
        assertThat(s.encryption()).contains(new Encryption("aws:kms", Optional.of("alias/audit")));
        assertThat(s.maxObjectRecords()).isEqualTo(500);
        assertThat(s.maxObjectBytes()).isEqualTo(1_048_576);
    }

    @Test
    void printingTheSettingsRevealsNoCredential() {
        S3SinkSettings s =
                parse("access-key", "AKIAIOSFODNN7EXAMPLE", "secret-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertThat(s.toString())
                .doesNotContain("AKIAIOSFODNN7EXAMPLE")
                .doesNotContain("wJalrXUtnFEMI")
                .contains("audit-archive");
    }

    @Test
    void aProxyWithBasicAuthenticationAndNoProxyHosts() {
        S3SinkSettings s = parse(
                "proxy",
                "http://proxy.corp:8080",
                "proxy-username",
                "svc",
                "proxy-password",
                "pp-secret-1",
                "no-proxy",
                "minio.internal, .storage.corp");
        ProxyConfig proxy = s.proxy().orElseThrow();
        assertThat(proxy.host()).isEqualTo("proxy.corp");
        assertThat(proxy.port()).isEqualTo(8080);
        assertThat(proxy.password().orElseThrow().reveal()).isEqualTo("pp-secret-1");
        assertThat(proxy.bypasses("minio.internal")).isTrue();
        assertThat(proxy.passwordKey()).isEqualTo(P + "proxy-password");
        assertThat(s.toString()).doesNotContain("pp-secret-1");
        assertThat(s.describe()).endsWith("via proxy http://proxy.corp:8080 (as svc)");
        assertThat(parse().proxy()).isEmpty();
        rejects(
                "proxy-password",
                "is required with " + P + "proxy-username",
                "proxy",
                "http://proxy.corp:8080",
                "proxy-username",
                "svc");
        rejects("no-proxy", "is set without " + P + "proxy", "no-proxy", "localhost");
        rejects("proxy", "is not an HTTP proxy address", "proxy", "socks5://proxy.corp:1080");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ab",
                "Audit",
                "audit_archive",
                "-audit",
                "audit-",
                "a..b",
                "192.168.1.2",
                "xn--audit",
                "audit-s3alias",
                "audit--ol-s3",
                "audit archive",
                "b/../c"
            })
    void rejectsBucketNamesS3Rejects(String bucket) {
        rejects("bucket", "not a valid bucket name", "bucket", bucket);
    }

    @Test
    void requiresABucket() {
        rejects("bucket", "is required", "bucket", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudflare-audit", "/abs/", "a//b/", "../x/", "a/./", "a b/", "a$b/", "x/${y}/", "ä/"})
    void rejectsUnsafePrefixes(String prefix) {
        rejects("prefix", "not a valid key prefix", "prefix", prefix);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "minio:9000",
                "ftp://x",
                "https://user:pw@x",
                "https://r2.example/bucket",
                "https://x?y=1",
                "https://"
            })
    void rejectsEndpointsThatAreNotABareHttpUrl(String endpoint) {
        rejects("endpoint", "not an http(s) URL", "endpoint", endpoint);
    }

    @Test
    void pathStyleIsRequiredForAnEndpointByIpOrLocalhost() {
        rejects("path-style", "IP or localhost", "endpoint", "http://localhost:9000");
        rejects("path-style", "IP or localhost", "endpoint", "http://10.0.0.5:9000");
    }

    @Test
    void regionAutoNeedsAnEndpoint() {
        rejects("region", "not an AWS region", "region", "auto");
        rejects("region", "not a region name", "region", "us east");
        assertThat(parse("region", "eu-central-1").region()).isEqualTo("eu-central-1");
        assertThat(parse("region", "us-gov-west-1").region()).isEqualTo("us-gov-west-1");
    }

    @Test
    void keysComeInPairs() {
        rejects("secret-key", "is required", "access-key", "AK");
        rejects("access-key", "is required", "secret-key", "SK");
        rejects("access-key", "without white space", "access-key", "A K", "secret-key", "SK");
    }

    @CsvSource({
        "sse, AES128, '', not valid",
        "kms-key-id, AES256, alias/x, only used with",
        "kms-key-id, aws:kms, '', is required",
        "kms-key-id, aws:kms, 'alias/x y', not a KMS key reference",
        "kms-key-id, '', alias/x, only used with"
    })
    @ParameterizedTest
    void encryptionSettingsMustPairUp(String key, String sse, String kmsKeyId, String message) {
        rejects(key, message, "sse", sse.isEmpty() ? null : sse, "kms-key-id", kmsKeyId.isEmpty() ? null : kmsKeyId);
    }

    @Test
    void aes256() {
        assertThat(parse("sse", "aes256").encryption()).contains(new Encryption("AES256", Optional.empty()));
    }

    @Test
    void storageClassMustBeAnAwsOne() {
        rejects("storage-class", "STANDARD_IA", "storage-class", "COLD");
        assertThat(parse("storage-class", "GLACIER_IR").storageClass()).contains("GLACIER_IR");
    }

    @Test
    void limitsArePositiveAndBounded() {
        rejects("max-object-records", "out of range", "max-object-records", "0");
        rejects("max-object-bytes", "out of range", "max-object-bytes", "100");
        rejects("max-object-bytes", "out of range", "max-object-bytes", "2147483647");
        rejects("gzip", "not a boolean", "gzip", "yes");
    }

    @Test
    void aTypoInAnOptionStopsTheStart() {
        Map<String, String> props = new HashMap<>(Map.of(
                "cfaudit.api.token",
                "t",
                "cfaudit.source.acct.type",
                "account",
                "cfaudit.source.acct.account-id",
                "023e105f4ecef8ad9ca31a8372d0c353",
                P + "type",
                "s3",
                P + "bucket",
                "audit-archive",
                P + "storage-clas",
                "STANDARD"));
        assertThatThrownBy(() -> AuditConfigParser.parse(props, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(P + "storage-clas");
        props.remove(P + "storage-clas");
        props.put(P + "when", "${header.CloudflareAuditSource} == 'acct'");
        AuditConfig config = AuditConfigParser.parse(props, Map.of());
        assertThat(config.sinks().get(0).settings()).isInstanceOf(S3SinkSettings.class);
        assertThat(config.sinks().get(0).when()).isPresent();
    }
}
