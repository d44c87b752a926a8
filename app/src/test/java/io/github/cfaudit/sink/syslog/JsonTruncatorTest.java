package io.github.cfaudit.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code oversize=truncate}: the result fits the budget, is valid JSON, and loses as little as possible. */
class JsonTruncatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode fit(String json, int budget) throws Exception {
        Optional<String> out = JsonTruncator.fit(json, budget);
        assertThat(out).isPresent();
        assertThat(out.get().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget);
        assertThat(out.get()).doesNotContain("\n");
        return MAPPER.readTree(out.get());
    }

    @Test
    void cutsTheHugeFieldAndKeepsTheRest() throws Exception {
        String big = "ü".repeat(50_000);
        String json = "{\"id\":\"e1\",\"a\":{\"b\":\"" + big + "\",\"n\":1.10,\"t\":true},\"c\":\"small\",\"d\":[1,2]}";
        JsonNode n = fit(json, 4000);
        assertThat(n.get("id").asText()).isEqualTo("e1");
        assertThat(n.get("c").asText()).isEqualTo("small");
        assertThat(n.at("/a/n").decimalValue()).isEqualByComparingTo("1.10");
        assertThat(n.at("/a/t").asBoolean()).isTrue();
        assertThat(n.get("d").toString()).isEqualTo("[1,2]");
        String cut = n.at("/a/b").asText();
        assertThat(cut).startsWith("üüü").endsWith(" bytes]").contains("...[truncated ");
        assertThat(cut.length()).isGreaterThan(1500);
        assertThat(n.at("/_cfaudit/original_bytes").asInt()).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void manyLongValuesAreCutToACommonLength() throws Exception {
        StringBuilder json = new StringBuilder("{\"id\":\"e1\",\"list\":[");
        for (int i = 0; i < 50; i++) {
            json.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(String.valueOf((char) ('a' + i % 26)).repeat(500 + i))
                    .append('"');
        }
        json.append("]}");
        JsonNode n = fit(json.toString(), 8000);
        assertThat(n.get("list")).hasSize(50);
        assertThat(n.get("list").get(0).asText()).contains("...[truncated ");
        assertThat(n.get("list").get(49).asText()).contains("...[truncated ");
    }

    @Test
    void escapesAndSurrogatesAreCountedAndNeverSplit() throws Exception {
        String json = "{\"id\":\"e1\",\"q\":\"" + "\\\"\\\\\\n\\u0001🔒".repeat(5000) + "\"}";
        JsonNode n = fit(json, 1000);
        String q = n.get("q").asText();
        String kept = q.substring(0, q.indexOf("...[truncated"));
        assertThat(kept).doesNotContain("\uFFFD");
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }

    @Test
    void largeContainersOfSmallValuesAreReplaced() throws Exception {
        StringBuilder json =
                new StringBuilder("{\"id\":\"e1\",\"action\":{\"time\":\"2024-01-01T00:00:00Z\"},\"nums\":[");
        for (int i = 0; i < 5000; i++) {
            json.append(i == 0 ? "" : ",").append(i);
        }
        json.append("]}");
        JsonNode n = fit(json.toString(), 600);
        assertThat(n.get("nums").asText()).startsWith("[truncated array of ");
        assertThat(n.at("/action/time").asText()).isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void everyValueThatIsNotCutKeepsTheBytesItWasSentWith() throws Exception {
        String request =
                "{\"nested\": [0, -1, 9007199254740993, 1.25e+300, true, null], \"esc\": \"caf\\u00e9 \\/ \\ud83d\\udd12\", "
                        + "\"long\": \"" + "x".repeat(20_000) + "\", \"z\": 1E-7, \"a\": -0.0}";
        String json = "{\"id\":\"e1\",\"resource\":{\"request\":" + request + "},\"b\":2,\"a\":1}";

        String out = JsonTruncator.fit(json, 8192).orElseThrow();

        assertThat(out.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
        assertThat(out)
                .contains(
                        "{\"nested\": [0, -1, 9007199254740993, 1.25e+300, true, null], \"esc\": \"caf\\u00e9 \\/ \\ud83d\\udd12\", \"long\": \"xxx")
                .contains("...[truncated ")
                .contains("\", \"z\": 1E-7, \"a\": -0.0}},\"b\":2,\"a\":1,\"_cfaudit\":{\"truncated\":true,");
        assertThat(out).startsWith("{\"id\":\"e1\",\"resource\":{\"request\":{\"nested\"");
        JsonNode n = MAPPER.readTree(out);
        assertThat(n.at("/_cfaudit/original_bytes").asInt()).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aFieldNamedLikeTheFlagIsReplacedInPlaceAndAnEmptyObjectGetsOnlyTheFlag() throws Exception {
        String json = "{\"id\":\"e1\",\"_cfaudit\":\"mine\",\"big\":\"" + "y".repeat(5000) + "\",\"n\":1e2}";
        String out = JsonTruncator.fit(json, 1000).orElseThrow();
        assertThat(out)
                .startsWith("{\"id\":\"e1\",\"_cfaudit\":{\"truncated\":true,")
                .endsWith(",\"n\":1e2}");
        MAPPER.readTree(out);
    }

    @Test
    void normalizingEscapesRawControlCharactersInStringsAndNothingElse() {
        String json = "{\"id\":\"e1\",\"m\":\"a\nb\tc\u0001\\\"\",\"n\":1.25e+300}";
        assertThat(JsonTruncator.normalize(json))
                .isEqualTo("{\"id\":\"e1\",\"m\":\"a\\nb\\tc\\u0001\\\"\",\"n\":1.25e+300}");
    }

    @Test
    void givesUpWhenNothingCanBeCut() {
        assertThat(JsonTruncator.fit("{\"id\":\"" + "i".repeat(500) + "\"}", 300))
                .isEmpty();
    }
}
