package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.sink.s3.S3Sink.ObjectPlan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** What a page becomes, without a server: the plan of objects, and the endpoint the uploader would use. */
class S3SinkTest {
    private static S3SinkSettings settings(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("cfaudit.sink.arch.bucket", "audit-archive");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put("cfaudit.sink.arch." + keyValues[i], keyValues[i + 1]);
        }
        return new S3SinkType().parse(ConfigProperties.of(props).section("cfaudit.sink.arch"));
    }

    private static AuditEntry entry(String id, String time) {
        return new AuditEntry(id, Instant.parse(time), "{\"id\":\"" + id + "\"}", Map.of());
    }

    private static Map<LocalDate, List<AuditEntry>> byDate(AuditEntry... entries) {
        Map<LocalDate, List<AuditEntry>> m = new TreeMap<>();
        for (AuditEntry e : entries) {
            m.computeIfAbsent(S3ObjectKeys.partition(e), d -> new java.util.ArrayList<>())
                    .add(e);
        }
        return m;
    }

    @Test
    void onePageBecomesOneObjectPerDateEachNamedAfterItsFirstEntry() throws Exception {
        try (var context = new DefaultCamelContext();
                S3Sink sink = new S3Sink("arch", settings(), context)) {
            AuditEntry a = entry("a", "2026-11-20T23:59:00Z");
            AuditEntry b = entry("b", "2026-11-20T23:59:30Z");
            AuditEntry c = entry("c", "2026-11-21T00:00:10Z");
            List<ObjectPlan> plan = sink.plan("acct", byDate(a, b, c));
            assertThat(plan)
                    .extracting(ObjectPlan::key)
                    .containsExactly(
                            S3ObjectKeys.objectKey("cloudflare-audit/", "acct", a, 0, ".ndjson.gz"),
                            S3ObjectKeys.objectKey("cloudflare-audit/", "acct", c, 0, ".ndjson.gz"));
            assertThat(plan).extracting(ObjectPlan::entries).containsExactly(List.of(a, b), List.of(c));
        }
    }

    @Test
    void aSplitPageKeepsTheFirstEntrysNameWithPartNumbers() throws Exception {
        try (var context = new DefaultCamelContext();
                S3Sink sink = new S3Sink("arch", settings("max-object-records", "2", "gzip", "false"), context)) {
            AuditEntry a = entry("a", "2026-11-20T10:00:00Z");
            List<ObjectPlan> plan = sink.plan(
                    "acct", byDate(a, entry("b", "2026-11-20T10:00:01Z"), entry("c", "2026-11-20T10:00:02Z")));
            assertThat(plan)
                    .extracting(ObjectPlan::key)
                    .containsExactly(
                            S3ObjectKeys.objectKey("cloudflare-audit/", "acct", a, 0, ".ndjson"),
                            S3ObjectKeys.objectKey("cloudflare-audit/", "acct", a, 1, ".ndjson"));
        }
    }

    @Test
    void theEndpointUriCarriesPassThroughOptionsButNoCredential() {
        S3Uploader kms = new S3Uploader(
                "arch",
                settings(
                        "sse",
                        "aws:kms",
                        "kms-key-id",
                        "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                        "storage-class",
                        "GLACIER_IR",
                        "access-key",
                        "AKIAIOSFODNN7EXAMPLE",
                        "secret-key",
                        "wJalrXUtnFEMI"),
                null);
        assertThat(kms.endpointUri())
                .isEqualTo(
                        "aws2-s3:audit-archive?autoCreateBucket=false&storageClass=GLACIER_IR"
                                + "&useAwsKMS=true&awsKMSKeyId=RAW(arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab)");
        assertThat(new S3Uploader("arch", settings("sse", "AES256"), null).endpointUri())
                .isEqualTo("aws2-s3:audit-archive?autoCreateBucket=false&useSSES3=true");
    }
}
