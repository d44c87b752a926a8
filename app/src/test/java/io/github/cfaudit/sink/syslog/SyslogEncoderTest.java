package io.github.cfaudit.sink.syslog;

import static io.github.cfaudit.sink.syslog.SyslogFixtures.auditJson;
import static io.github.cfaudit.sink.syslog.SyslogFixtures.entry;
import static io.github.cfaudit.sink.syslog.SyslogFixtures.settings;
import static io.github.cfaudit.sink.syslog.SyslogFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.config.SourceConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes of one message, field by field, as RFC 5424 and RFC 3164 lay them out. */
class SyslogEncoderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SourceConfig ACCT = source("acct", "account");
    private static final Map<String, String> BASE = Map.of("hostname", "h.example");

    private static String encode(Map<String, String> options, String json, SourceConfig source) throws Exception {
        SyslogEncoder encoder = new SyslogEncoder(settings(options), 4242);
        return new String(encoder.encode(entry(json), source), StandardCharsets.UTF_8);
    }

    @Test
    void rfc5424Layout() throws Exception {
        String json = auditJson("abc123", "2024-05-06T07:08:09.123Z", "update", "failure");
        assertThat(encode(BASE, json, ACCT))
                .isEqualTo("<132>1 2024-05-06T07:08:09.123Z h.example cloudflare-audit 4242 "
                        + "update [cfaudit@32473 id=\"abc123\" source=\"acct\" result=\"failure\"] " + json);
    }

    @Test
    void severityFollowsTheResultAndTheMapping() throws Exception {
        assertThat(encode(BASE, auditJson("a", "2024-05-06T07:08:09Z", "create", "success"), ACCT))
                .startsWith("<133>1 ");
        assertThat(encode(BASE, auditJson("a", "2024-05-06T07:08:09Z", "create", "failure"), ACCT))
                .startsWith("<132>1 ");
        assertThat(encode(BASE, auditJson("a", "2024-05-06T07:08:09Z", "create", "denied"), ACCT))
                .startsWith("<132>1 ");
        assertThat(encode(
                        Map.of("facility", "audit", "severity-failure", "crit", "severity-success", "info"),
                        auditJson("a", "2024-05-06T07:08:09Z", "create", "failure"),
                        ACCT))
                .startsWith("<106>1 ");
        String insight = "{\"id\":\"0190f2b4-1c00-7000-8000-000000000001\",\"changed_at\":\"2024-05-06T07:08:09Z\","
                + "\"field_changed\":\"status\",\"issue_id\":\"x\"}";
        assertThat(encode(BASE, insight, source("ins", "insight")))
                .startsWith("<134>1 2024-05-06T07:08:09Z h.example cloudflare-audit 4242 insight-change "
                        + "[cfaudit@32473 id=\"0190f2b4-1c00-7000-8000-000000000001\" source=\"ins\"] {");
    }

    @Test
    void aV1ResultIsABooleanAndItsSeverityFollowsIt() throws Exception {
        SourceConfig v1 = source("acct-v1", "account-v1");
        String ok = "{\"id\":\"d5b0f326-1232-4452-8858-1089bd7168ef\",\"action\":{\"result\":true,\"type\":"
                + "\"change_setting\"},\"when\":\"2024-05-06T07:08:09Z\"}";
        assertThat(encode(BASE, ok, v1))
                .startsWith("<133>1 2024-05-06T07:08:09Z h.example cloudflare-audit 4242 change_setting ");
        assertThat(encode(BASE, ok.replace("true", "false"), v1)).startsWith("<132>1 ");
    }

    @Test
    void timestampIsUtcWithAtMostMicroseconds() throws Exception {
        assertThat(SyslogEncoder.timestamp(java.time.Instant.parse("2024-05-06T07:08:09.123456789Z")))
                .isEqualTo("2024-05-06T07:08:09.123456Z");
        assertThat(SyslogEncoder.timestamp(java.time.Instant.parse("2024-05-06T07:08:09Z")))
                .isEqualTo("2024-05-06T07:08:09Z");
        String json = auditJson("a", "2024-05-06T09:08:09.5+02:00", "create", "success");
        assertThat(encode(BASE, json, ACCT)).startsWith("<133>1 2024-05-06T07:08:09.500Z ");
    }

    @Test
    void structuredDataValuesAreEscaped() throws Exception {
        String json =
                "{\"id\":\"a\\\"b\\\\c]d\\ne\",\"action\":{\"result\":\"x]\\\"y\",\"time\":\"2024-05-06T07:08:09Z\","
                        + "\"type\":\"up date\\u00e9\"}}";
        String m = encode(BASE, json, ACCT);
        assertThat(m).contains("[cfaudit@32473 id=\"a\\\"b\\\\c\\]d\uFFFDe\" source=\"acct\" result=\"x\\]\\\"y\"] ");
        assertThat(m).contains(" 4242 up_date_ [cfaudit@32473 ");
        assertThat(m).endsWith(" " + json);
    }

    @Test
    void structuredDataValueHelper() {
        assertThat(SyslogText.sdValue("plain ünïcødé 🔒")).isEqualTo("plain ünïcødé 🔒");
        assertThat(SyslogText.sdValue("\"\\]")).isEqualTo("\\\"\\\\\\]");
        assertThat(SyslogText.sdValue("a\rb\u2028c")).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(SyslogText.sdValue("x".repeat(1000)))
                .hasSize(SyslogText.MAX_SD_VALUE_CHARS + 1)
                .endsWith("\u2026");
        assertThat(SyslogText.headerField(null, 32)).isEqualTo("-");
        assertThat(SyslogText.headerField("a-very-long-action-type-name-that-goes-on", 32))
                .hasSize(32);
    }

    @Test
    void rfc3164Layout() throws Exception {
        String json = auditJson("abc123", "2024-05-06T07:08:09.123Z", "update", "success");
        assertThat(encode(Map.of("hostname", "h.example", "format", "rfc3164"), json, ACCT))
                .isEqualTo("<133>May  6 07:08:09 h.example cloudflare-audit[4242]: " + json);
        String json2 = auditJson("abc123", "2024-11-16T23:08:09Z", "update", "success");
        assertThat(encode(Map.of("hostname", "h.example", "format", "rfc3164"), json2, ACCT))
                .startsWith("<133>Nov 16 23:08:09 h.example ");
    }

    @Test
    void msgIsAlwaysOneLine() throws Exception {
        // Not valid JSON from the API, but it must still never break LF framing.
        String raw =
                "{\"id\":\"a\",\"action\":{\"result\":\"success\",\"time\":\"2024-05-06T07:08:09Z\",\"type\":\"c\","
                        + "\"description\":\"line1\nline2\"}}";
        String m = encode(BASE, raw, ACCT);
        assertThat(m).doesNotContain("\n").contains("line1\\nline2");
        JsonNode parsed = MAPPER.readTree(m.substring(m.indexOf("] ") + 2));
        assertThat(parsed.at("/action/description").asText()).isEqualTo("line1\nline2");
    }

    @Test
    void oversizeRejectNamesTheEntry() {
        String json = auditJson("big1", "2024-05-06T07:08:09Z", "update", "success")
                .replace("Update DNS Record", "x".repeat(10_000));
        assertThatThrownBy(() -> encode(Map.of("oversize", "reject"), json, ACCT))
                .isInstanceOf(SyslogEncoder.OversizeEntryException.class)
                .hasMessageContaining("entry big1 of source acct")
                .hasMessageContaining("over max-message-size 8192 (oversize=reject)");
    }

    @Test
    void oversizeTruncateKeepsValidJsonAndFlagsIt() throws Exception {
        String json = auditJson("big1", "2024-05-06T07:08:09Z", "update", "success")
                .replace("Update DNS Record", "x\\\"y".repeat(40_000));
        String m = encode(Map.of("max-message-size", "2048"), json, ACCT);
        assertThat(m.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(m)
                .contains("[cfaudit@32473 id=\"big1\" source=\"acct\" result=\"success\" truncated=\"true\" "
                        + "original-bytes=\"" + json.getBytes(StandardCharsets.UTF_8).length + "\"] ");
        JsonNode parsed = MAPPER.readTree(m.substring(m.indexOf("\"] ") + 3));
        assertThat(parsed.get("id").asText()).isEqualTo("big1");
        assertThat(parsed.at("/action/time").asText()).isEqualTo("2024-05-06T07:08:09Z");
        assertThat(parsed.at("/actor/email").asText()).isEqualTo("alice@example.com");
        assertThat(parsed.at("/action/description").asText())
                .startsWith("x\"yx\"y")
                .matches("(?s).*\\.\\.\\.\\[truncated \\d+ bytes\\]$");
        assertThat(parsed.at("/_cfaudit/truncated").asBoolean()).isTrue();
    }

    @Test
    void anEntryThatCannotFitIsRefusedEvenUnderTruncate() {
        String json = auditJson("i".repeat(2000), "2024-05-06T07:08:09Z", "update", "success");
        assertThatThrownBy(() -> encode(Map.of("max-message-size", "1024"), json, ACCT))
                .isInstanceOf(SyslogEncoder.OversizeEntryException.class)
                .hasMessageContaining("even truncated");
    }
}
