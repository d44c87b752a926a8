package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.simulator.SizedAuditData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@link CompactJson}: only the mapped fields parsed, the rest copied as bytes) against the full parse:
 * the same records, byte for byte, for every entry the tests know, in every codec and option; and the definition it
 * rests on, checked against Jackson itself: JSON that {@link CompactJson} calls canonical is exactly what the mapper
 * writes back after reading it.
 */
class FastPathTest {

    private static List<Map.Entry<AuditEntry, SourceType>> entries() {
        List<Map.Entry<AuditEntry, SourceType>> all = new ArrayList<>(TestEntries.all(20));
        SizedAuditData data = new SizedAuditData(7, 1000);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 2000; i++) {
            Instant time = t0.plusMillis(i * 997L);
            String json = data.organizationEntry(TestEntries.ORG, time);
            all.add(Map.entry(TestEntries.entry(json, SourceType.ORGANIZATION), SourceType.ORGANIZATION));
        }
        // the same entries made non-canonical in ways a JSON writer might: the full parse must take them
        for (String json : List.of(
                "{\"id\":\"w1\", \"action\":{\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"create\"}}",
                "{\"id\":\"w2\",\"action\":{\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"create\"},\"x\":\"a\\u003cb\"}",
                "{\"id\":\"w3\",\"action\":{\"time\":\"2026-01-01T00:00:00Z\"},\"x\":1.50,\"y\":-0,\"z\":1e3}",
                "{\"id\":\"w4\",\"action\":{\"time\":\"2026-01-01T00:00:00Z\"},\"x\":{\"a\":1,\"a\":2}}",
                "{\"id\":\"w5\",\"action\":{\"time\":\"2026-01-01T00:00:00Z\"},\"actor\":{\"id\":\"a\"},\"actor\":{\"email\":\"e\"}}",
                "{\"id\":\"w6\",\"action\":{\"time\":\"2026-01-01T00:00:00Z\"},\"x\":\"\\/slash\",\"raw\":\"not an object\"}",
                "{\"id\":\"w7\",\"action\":{\"time\":\"2026-01-01T00:00:00Z\"},\"x\":\"lone \\ud800\"}",
                "{\"id\":\"w8\",\"action\":{\"time\":\"2026-01-01T00:00:00Z\"},\"actor\":[1,2],\"resource\":{\"id\":{\"a\":[]}}}")) {
            AuditEntry e = TestEntries.entry(json, SourceType.ORGANIZATION);
            all.add(Map.entry(e, SourceType.ORGANIZATION));
            all.add(Map.entry(e, SourceType.ACCOUNT));
        }
        return all;
    }

    @Test
    void fastAndFullParsesGiveTheSameRecords() throws IOException {
        List<RecordFormat> formats = List.of(
                new OcsfFormat(OcsfVersion.V1_8_0, false),
                new OcsfFormat(OcsfVersion.V1_8_0, true),
                new OcsfFormat(OcsfVersion.V1_1_0, false),
                new EcsFormat(false),
                new EcsFormat(true),
                new CefFormat(),
                new LeefFormat());
        int fast = 0;
        int checked = 0;
        for (Map.Entry<AuditEntry, SourceType> e : entries()) {
            AuditEntry entry = e.getKey();
            SourceType type = e.getValue();
            if (CompactJson.prune(entry.jsonBytes(), EntryTree.V2_PATHS) != null) {
                fast++;
            }
            List<String> fullShape = EntryShape.deviations(EntryTree.of(entry), type);
            assertThat(EntryShape.deviations(entry, type)).as(entry.json()).isEqualTo(fullShape);
            for (RecordFormat f : formats) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                List<String> shape = f.writeChecked(entry, type, out);
                String full = full(f, entry, type);
                assertThat(out.toString(StandardCharsets.UTF_8))
                        .as(f + " of " + entry.json())
                        .isEqualTo(full);
                assertThat(new String(f.render(entry, type), StandardCharsets.UTF_8))
                        .isEqualTo(full);
                assertThat(shape).isEqualTo(fullShape);
                checked++;
            }
        }
        assertThat(fast).as("entries that took the fast path").isGreaterThan(2000);
        assertThat(checked).isGreaterThan(10000);
    }

    /** The record from the entry parsed whole, as before the fast path. */
    private static String full(RecordFormat f, AuditEntry entry, SourceType type) throws IOException {
        EntryTree t = EntryTree.of(entry);
        if (f instanceof OcsfFormat o) {
            return new String(EntryTree.MAPPER.writeValueAsBytes(o.record(entry, type, t)), StandardCharsets.UTF_8);
        }
        if (f instanceof EcsFormat ecs) {
            return new String(EntryTree.MAPPER.writeValueAsBytes(ecs.document(entry, type, t)), StandardCharsets.UTF_8);
        }
        if (f instanceof CefFormat) {
            return CefFormat.line(CefFormat.record(SiemFields.of(entry, type, t)));
        }
        return LeefFormat.line(LeefFormat.record(SiemFields.of(entry, type, t)));
    }

    @Test
    void canonicalMeansWhatTheMapperWritesBack() throws IOException {
        Random random = new Random(23);
        int canonical = 0;
        for (int i = 0; i < 30000; i++) {
            String json = "{" + members(random, 0) + "}";
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            JsonNode tree;
            try {
                tree = EntryTree.MAPPER.readTree(bytes);
            } catch (IOException e) {
                assertThat(CompactJson.isCanonical(bytes)).as(json).isFalse();
                continue;
            }
            byte[] back = EntryTree.MAPPER.writeValueAsBytes(tree);
            boolean same = java.util.Arrays.equals(back, bytes)
                    && Text.clean(tree.toString()).equals(tree.toString());
            if (CompactJson.isCanonical(bytes)) {
                canonical++;
                assertThat(same).as(json).isTrue();
            }
        }
        assertThat(canonical).as("canonical inputs among the random ones").isGreaterThan(3000);
    }

    @Test
    void leefDevTimeByHandIsTheFormattersText() {
        java.time.format.DateTimeFormatter formatter = java.time.format.DateTimeFormatter.ofPattern(
                        "yyyy-MM-dd'T'HH:mm:ss.SSSxx")
                .withZone(java.time.ZoneOffset.UTC);
        Random random = new Random(5);
        List<Long> times = new ArrayList<>(List.of(
                0L, -1L, 999L, -62135596800000L, -62135596800001L, 253402300799999L, 253402300800000L, 1796026542250L));
        for (int i = 0; i < 20000; i++) {
            times.add(random.nextLong() % 300_000_000_000_000L);
        }
        for (long t : times) {
            StringBuilder sb = new StringBuilder();
            LeefFormat.devTime(sb, t);
            assertThat(sb.toString()).as("%d", t).isEqualTo(formatter.format(Instant.ofEpochMilli(t)));
        }
    }

    @Test
    void examples() {
        for (String yes :
                List.of("{}", "{\"a\":\"\\u001F\\n\\\"\\\\\"}", "{\"a\":[1,-2,true,null,{}]}", "{\"a\":\"Zürich\"}")) {
            assertThat(CompactJson.isCanonical(yes.getBytes(StandardCharsets.UTF_8)))
                    .as(yes)
                    .isTrue();
        }
        for (String no : List.of(
                "{\"a\":\"\\u001f\"}",
                "{\"a\":\"\\u0009\"}",
                "{\"a\":\"\\u003c\"}",
                "{\"a\":\"\\/\"}",
                "{ \"a\":1}",
                "{\"a\":1.0}",
                "{\"a\":-0}",
                "{\"a\":1,\"a\":1}",
                "{\"a\":\"😀\"}",
                "{\"a\":01}",
                "{\"a\":\"x\"}x",
                "{\"a\":tru}")) {
            assertThat(CompactJson.isCanonical(no.getBytes(StandardCharsets.UTF_8)))
                    .as(no)
                    .isFalse();
        }
    }

    private static final String[] KEYS = {"a", "b", "id", "x\\u0041", "é", "a"};
    private static final String[] STRINGS = {
        "plain",
        "",
        "Zürich",
        "😀",
        "\\n",
        "\\t",
        "\\u001F",
        "\\u001f",
        "\\u0000",
        "\\u0009",
        "\\u003c",
        "\\/",
        "\\\"q\\\"",
        "\\\\",
        "\\ud800",
        "\\ud83d\\ude00",
        "\\u00e9",
        "\u007f",
        "\u2028"
    };
    private static final String[] NUMBERS = {
        "0", "-0", "7", "-12", "2147483648", "123456789012345678901234", "1.5", "1.50", "1e3", "-0.0"
    };

    private static String members(Random r, int depth) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(r.nextInt(30) == 0 ? ", " : ",");
            }
            sb.append('"').append(KEYS[r.nextInt(KEYS.length)]).append('"').append(r.nextInt(40) == 0 ? ": " : ":");
            sb.append(value(r, depth + 1));
        }
        return sb.toString();
    }

    private static String value(Random r, int depth) {
        int k = r.nextInt(depth > 3 ? 4 : 6);
        return switch (k) {
            case 0 -> "\"" + STRINGS[r.nextInt(STRINGS.length)] + STRINGS[r.nextInt(STRINGS.length)] + "\"";
            case 1 -> NUMBERS[r.nextInt(NUMBERS.length)];
            case 2 -> new String[] {"true", "false", "null"}[r.nextInt(3)];
            case 3 -> "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"";
            case 4 -> "{" + members(r, depth) + "}";
            default -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(value(r, depth + 1));
                }
                yield sb.append(']').toString();
            }
        };
    }
}
