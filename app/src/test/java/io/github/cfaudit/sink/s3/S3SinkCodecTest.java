package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import io.github.cfaudit.formats.RecordChecks;
import io.github.cfaudit.formats.RecordFormats;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.s3.S3Sink.ObjectPlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** S3 objects in the JSON codecs: one record a line, the object size limits counted on the records. */
class S3SinkCodecTest {
    private static final SourceConfig SOURCE = new SourceConfig(
            "acct",
            AuditEndpoint.account("x"),
            "0 * * * * ?",
            new StartPosition.Ago(Duration.ofDays(1)),
            1000,
            Duration.ZERO,
            Duration.ZERO,
            10,
            Map.of());

    private static S3SinkSettings settings(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put("cfaudit.sink.arch.bucket", "audit-archive");
        props.put("cfaudit.sink.arch.gzip", "false");
        for (int i = 0; i < kv.length; i += 2) {
            props.put("cfaudit.sink.arch." + kv[i], kv[i + 1]);
        }
        return (S3SinkSettings)
                new S3SinkType().parse(ConfigProperties.of(props).section("cfaudit.sink.arch"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudflare", "ocsf", "ecs"})
    void eachLineOfAnObjectIsARecordOfTheCodec(String codec) throws Exception {
        List<AuditEntry> entries = RecordChecks.realistic(SourceType.ACCOUNT, 30);
        Map<LocalDate, List<AuditEntry>> partitions = new TreeMap<>();
        entries.forEach(e -> partitions
                .computeIfAbsent(S3ObjectKeys.partition(e), d -> new ArrayList<>())
                .add(e));
        try (var context = new DefaultCamelContext();
                S3Sink sink = new S3Sink("arch", settings(), new RecordCodec(RecordFormats.of(codec)), context)) {
            List<String> ids = new ArrayList<>();
            for (ObjectPlan plan : sink.plan("acct", partitions, SOURCE)) {
                String body = new String(plan.build(false).body(), StandardCharsets.UTF_8);
                assertThat(body).endsWith("\n");
                for (String line : body.substring(0, body.length() - 1).split("\n", -1)) {
                    assertThat(RecordChecks.problems(codec, line)).as(line).isEmpty();
                    ids.add(RecordChecks.id(codec, line));
                }
            }
            assertThat(ids)
                    .containsExactlyElementsOf(
                            entries.stream().map(AuditEntry::id).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 2500, 10_000})
    void objectsAreSplitOnTheBytesOfTheRecords(int maxBytes) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(new byte[100 + 37 * i]);
        }
        List<int[]> ranges = NdjsonObject.ranges(records, 7, maxBytes);
        int next = 0;
        for (int[] r : ranges) {
            assertThat(r[0]).isEqualTo(next);
            assertThat(r[1] - r[0]).isBetween(1, 7);
            long bytes = 0;
            for (int i = r[0]; i < r[1]; i++) {
                bytes += records.get(i).length + 1;
            }
            assertThat(r[1] - r[0] == 1 || bytes <= maxBytes).isTrue();
            next = r[1];
        }
        assertThat(next).isEqualTo(records.size());
    }
}
