package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.formats.OcsfVersion;
import io.github.cfaudit.sink.s3.OcsfParquetCodec;
import io.github.cfaudit.sink.s3.S3SinkSettings;
import io.github.cfaudit.sink.s3.SecurityLakeSettings;
import io.github.cfaudit.testing.MinimalConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code codec=ocsf-parquet} (Amazon Security Lake): its options, and every refusal naming the key and what is valid.
 * The security-lake module is on the application's class path, so the codec is found.
 */
class SecurityLakeConfigTest {
    private static Map<String, String> lake() {
        Map<String, String> p = MinimalConfig.properties("acme", "lake");
        p.remove("cfaudit.sink.lake.directory");
        p.put("cfaudit.sink.lake.type", "s3");
        p.put("cfaudit.sink.lake.bucket", "aws-security-data-lake-eu-west-1-abc");
        p.put("cfaudit.sink.lake.region", "eu-west-1");
        p.put("cfaudit.sink.lake.codec", "ocsf-parquet");
        p.put("cfaudit.sink.lake.security-lake.source", "cloudflare-audit");
        p.put("cfaudit.sink.lake.security-lake.account-id", "123456789012");
        return p;
    }

    private static SinkConfig sink(Map<String, String> p) {
        return AuditConfigParser.parse(p, Map.of()).sinks().get(0);
    }

    private static void refused(Map<String, String> p, String start, String... contains) {
        var thrown = assertThatThrownBy(() -> AuditConfigParser.parse(p, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(start);
        if (contains.length > 0) {
            thrown.hasMessageContainingAll(contains);
        }
    }

    @Test
    void ocsfParquetWritesOcsf110ByDefaultUnderTheCustomSourceLayout() {
        SinkConfig sink = sink(lake());
        OcsfParquetCodec codec = (OcsfParquetCodec) sink.codec();
        assertThat(codec.ocsf().version()).isEqualTo(OcsfVersion.V1_1_0);
        assertThat(codec.mediaType()).isEqualTo("application/vnd.apache.parquet");
        S3SinkSettings s = (S3SinkSettings) sink.settings();
        assertThat(s.securityLake())
                .contains(new SecurityLakeSettings("cloudflare-audit", "123456789012", "eu-west-1"));
        assertThat(s.gzip())
                .as("Parquet pages are compressed, the object is not")
                .isFalse();

        Map<String, String> p = lake();
        p.put("cfaudit.sink.lake.ocsf-version", "1.8.0");
        p.put("cfaudit.sink.lake.ocsf-raw-data", "true");
        p.put("cfaudit.sink.lake.prefix", "tenant-a/");
        assertThat(((S3SinkSettings) sink(p).settings()).prefix()).isEqualTo("tenant-a/");
        OcsfParquetCodec v18 = (OcsfParquetCodec) sink(p).codec();
        assertThat(v18.ocsf().version()).isEqualTo(OcsfVersion.V1_8_0);
        assertThat(v18.ocsf().rawData()).isTrue();
    }

    @Test
    void theCustomSourceAndTheAccountIdAreRequired() {
        Map<String, String> p = lake();
        p.remove("cfaudit.sink.lake.security-lake.source");
        refused(p, "cfaudit.sink.lake.security-lake.source: is required with cfaudit.sink.lake.codec=ocsf-parquet");
        p = lake();
        p.remove("cfaudit.sink.lake.security-lake.account-id");
        refused(
                p,
                "cfaudit.sink.lake.security-lake.account-id: is required with cfaudit.sink.lake.codec=ocsf-parquet",
                "12-digit");
    }

    @Test
    void aBadAccountIdOrSourceNameIsRefused() {
        for (String bad : new String[] {"12345678901", "1234567890123", "12345678901a", "1234-5678-9012"}) {
            Map<String, String> p = lake();
            p.put("cfaudit.sink.lake.security-lake.account-id", bad);
            refused(
                    p,
                    "cfaudit.sink.lake.security-lake.account-id: '" + bad + "' is not an AWS account id",
                    "exactly 12 digits");
        }
        for (String bad : new String[] {"a/b", "..", "with space", "x".repeat(65), "é"}) {
            Map<String, String> p = lake();
            p.put("cfaudit.sink.lake.security-lake.source", bad);
            refused(
                    p,
                    "cfaudit.sink.lake.security-lake.source: '" + bad + "' is not a Security Lake custom source name",
                    "1 to 64");
        }
        Map<String, String> p = lake();
        p.put("cfaudit.sink.lake.security-lake.source", "Cloudflare_Audit:v2.x");
        assertThat(((S3SinkSettings) sink(p).settings())
                        .securityLake()
                        .orElseThrow()
                        .source())
                .isEqualTo("Cloudflare_Audit:v2.x");
    }

    @Test
    void theSecurityLakeOptionsBelongToOcsfParquet() {
        Map<String, String> p = lake();
        p.put("cfaudit.sink.lake.codec", "ocsf");
        refused(p, "cfaudit.sink.lake.security-lake.source: applies only with cfaudit.sink.lake.codec=ocsf-parquet");
        p.remove("cfaudit.sink.lake.security-lake.source");
        refused(
                p,
                "cfaudit.sink.lake.security-lake.account-id: applies only with cfaudit.sink.lake.codec=ocsf-parquet");
    }

    @Test
    void gzipIsRefusedWithParquet() {
        Map<String, String> p = lake();
        p.put("cfaudit.sink.lake.gzip", "true");
        refused(p, "cfaudit.sink.lake.gzip: is true, but with cfaudit.sink.lake.codec=ocsf-parquet");
        p.put("cfaudit.sink.lake.gzip", "false");
        assertThat(sink(p).settings()).isInstanceOf(S3SinkSettings.class);
    }

    @Test
    void ocsfParquetOnANonS3SinkIsRefused() {
        Map<String, String> p = MinimalConfig.properties("acme", "all");
        p.put("cfaudit.sink.all.codec", "ocsf-parquet");
        refused(
                p,
                "cfaudit.sink.all.codec: 'ocsf-parquet' is written by s3 sinks only",
                "valid for type=file: one of cloudflare, ocsf, ecs, cef, leef");
    }

    @Test
    void aSinkThatCouldReceiveTwoOcsfClassesIsRefused() {
        Map<String, String> p = lake();
        p.put("cfaudit.source.insights.type", "insight");
        p.put("cfaudit.source.insights.account-id", "023e105f4ecef8ad9ca31a8372d0c353");
        refused(
                p,
                "cfaudit.sink.lake.codec: is ocsf-parquet, and the sources that can feed this sink map to more than "
                        + "one OCSF class",
                "3004 Entity Management: insights (insight)",
                "6003 API Activity: acme (account)",
                "two sinks");
        // a predicate that cannot be analysed selects from every source
        p.put("cfaudit.sink.lake.when", "${body[action][result]} == 'failure'");
        refused(p, "cfaudit.sink.lake.codec: is ocsf-parquet");
        p.put("cfaudit.sink.lake.when", "${header.CloudflareAuditSource} == 'acme' || ${body} != null");
        refused(p, "cfaudit.sink.lake.codec: is ocsf-parquet");

        // the sink's predicate names the sources of one class
        p.put("cfaudit.sink.lake.when", "${header.CloudflareAuditSource} == 'acme'");
        assertThat(sink(p).codec()).isInstanceOf(OcsfParquetCodec.class);
        p.put("cfaudit.sink.lake.when", "${header.CloudflareAuditSourceType} == 'insight'");
        assertThat(sink(p).codec()).isInstanceOf(OcsfParquetCodec.class);
        p.put(
                "cfaudit.sink.lake.when",
                "${header.CloudflareAuditSourceType} == 'account' || "
                        + "${header.CloudflareAuditSourceType} == 'organization'");
        assertThat(sink(p).codec()).isInstanceOf(OcsfParquetCodec.class);
        p.put(
                "cfaudit.sink.lake.when",
                "${header.CloudflareAuditSource} == 'acme' || " + "${header.CloudflareAuditSource} == 'insights'");
        refused(p, "cfaudit.sink.lake.codec: is ocsf-parquet");

        // v1 entries are API Activity too: they mix with v2, not with insights
        Map<String, String> v1 = lake();
        v1.put("cfaudit.source.old.type", "account-v1");
        v1.put("cfaudit.source.old.account-id", "023e105f4ecef8ad9ca31a8372d0c353");
        assertThat(sink(v1).codec()).isInstanceOf(OcsfParquetCodec.class);
    }
}
