package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CEF and LEEF records, read back by strict parsers written from the specifications. */
class CefLeefFormatTest {
    private final CefFormat cef = new CefFormat();
    private final LeefFormat leef = new LeefFormat();

    @Test
    void everyCefRecordParsesBackToTheFieldsItWasMadeOf() {
        int n = 0;
        for (Map.Entry<AuditEntry, SourceType> e : TestEntries.all(150)) {
            String line = new String(cef.render(e.getKey(), e.getValue()), StandardCharsets.UTF_8);
            CefParser.Parsed parsed = CefParser.parse(line);
            CefFormat.Record expected = cef.record(e.getKey(), e.getValue());
            assertThat(parsed.header()).as(line).isEqualTo(expected.header());
            assertThat(parsed.extension()).as(line).isEqualTo(expected.extension());
            assertThat(parsed.header().subList(0, 2)).containsExactly("Cloudflare", "Audit Logs");
            assertThat(parsed.extension().get("externalId"))
                    .isEqualTo(e.getKey().id());
            assertThat(parsed.extension().get("rt"))
                    .isEqualTo(Long.toString(e.getKey().time().toEpochMilli()));
            n++;
        }
        assertThat(n).isGreaterThan(500);
    }

    @Test
    void everyLeefRecordParsesBackToTheFieldsItWasMadeOf() throws Exception {
        for (Map.Entry<AuditEntry, SourceType> e : TestEntries.all(150)) {
            String line = new String(leef.render(e.getKey(), e.getValue()), StandardCharsets.UTF_8);
            LeefParser.Parsed parsed = LeefParser.parse(line);
            LeefFormat.Record expected = leef.record(e.getKey(), e.getValue());
            assertThat(parsed.header()).as(line).isEqualTo(expected.header());
            assertThat(parsed.attributes()).as(line).isEqualTo(expected.attributes());
            Map<String, String> a = parsed.attributes();
            assertThat(a.get("externalId")).isEqualTo(e.getKey().id());
            // devTime read with the pattern the record declares, as QRadar does
            long devTime = new SimpleDateFormat(a.get("devTimeFormat"))
                    .parse(a.get("devTime"))
                    .getTime();
            assertThat(devTime).isEqualTo(e.getKey().time().toEpochMilli());
            assertThat(Integer.parseInt(a.get("sev"))).isBetween(1, 10);
        }
    }

    @Test
    void hostileTextSurvivesEveryFieldAsTheSpecificationsAllow() throws Exception {
        for (SourceType type : List.of(SourceType.ACCOUNT, SourceType.ORGANIZATION)) {
            for (AuditEntry e : TestEntries.nasty(type)) {
                JsonNode source = TestEntries.MAPPER.readTree(e.jsonBytes());
                String description = source.at("/action/description").asText();
                String uri = source.at("/raw/uri").asText();

                Map<String, String> c = CefParser.parse(new String(cef.render(e, type), StandardCharsets.UTF_8))
                        .extension();
                assertThat(c.get("msg")).isEqualTo(cefText(description));
                assertThat(c.get("request")).isEqualTo(cefText(uri));
                CefParser.Parsed header = CefParser.parse(new String(cef.render(e, type), StandardCharsets.UTF_8));
                assertThat(header.header().get(4)).isEqualTo(leefText(description)); // the name: no line breaks

                Map<String, String> l = LeefParser.parse(new String(leef.render(e, type), StandardCharsets.UTF_8))
                        .attributes();
                assertThat(l.get("msg")).isEqualTo(leefText(description));
                assertThat(l.get("request")).isEqualTo(leefText(uri));
            }
        }
    }

    @Test
    void standardKeysCarryTheEntry() {
        String json = "{\"id\":\"e1\",\"account\":{\"id\":\"acc\"},"
                + "\"action\":{\"description\":\"Add | Member = x\",\"result\":\"failure\",\"time\":\"2026-01-02T03:04:05.678Z\",\"type\":\"create\"},"
                + "\"actor\":{\"id\":\"u1\",\"email\":\"alice@example.com\",\"ip_address\":\"2001:db8::7\",\"type\":\"user\"},"
                + "\"raw\":{\"method\":\"POST\",\"status_code\":403,\"uri\":\"/accounts/acc/members\",\"user_agent\":\"curl/8.5.0\"}}";
        AuditEntry e = TestEntries.entry(json, SourceType.ACCOUNT);
        String line = new String(cef.render(e, SourceType.ACCOUNT), StandardCharsets.UTF_8);
        assertThat(line)
                .startsWith("CEF:0|Cloudflare|Audit Logs|v2|account:create|Add \\| Member = x|6|rt=1767323045678 ")
                .contains(" msg=Add | Member \\= x ");
        Map<String, String> x = CefParser.parse(line).extension();
        assertThat(x)
                .containsEntry("externalId", "e1")
                .containsEntry("suser", "alice@example.com")
                .containsEntry("suid", "u1")
                .containsEntry("c6a2", "2001:db8::7")
                .containsEntry("act", "create")
                .containsEntry("outcome", "failure")
                .containsEntry("requestMethod", "POST")
                .containsEntry("request", "/accounts/acc/members")
                .containsEntry("requestClientApplication", "curl/8.5.0")
                .containsEntry("cn1", "403")
                .containsEntry("flexString1", "acc")
                .doesNotContainKey("src");

        Map<String, String> l = LeefParser.parse(new String(leef.render(e, SourceType.ACCOUNT), StandardCharsets.UTF_8))
                .attributes();
        assertThat(l)
                .containsEntry("devTime", "2026-01-02T03:04:05.678+0000")
                .containsEntry("usrName", "alice@example.com")
                .containsEntry("src", "2001:db8::7")
                .containsEntry("sev", "6")
                .containsEntry("externalId", "e1");
    }

    @Test
    void theParsersRefuseWhatTheSpecificationsForbid() {
        assertThatThrownBy(() -> CefParser.parse("CEF:0|a|b|c|d|e|5|msg=a=b")).hasMessageContaining("unescaped =");
        assertThatThrownBy(() -> CefParser.parse("CEF:0|a|b|c|d|e|5|msg=a\\tb"))
                .hasMessageContaining("not an extension escape");
        assertThatThrownBy(() -> CefParser.parse("CEF:0|a|b|c|d|e|5|msg=a\nb")).hasMessageContaining("line break");
        assertThatThrownBy(() -> CefParser.parse("CEF:0|a|b|c|d|e|11|")).hasMessageContaining("0-10");
        assertThatThrownBy(() -> CefParser.parse("CEF:0|a|b|c|d|e\\x|5|")).hasMessageContaining("header escape");
        assertThatThrownBy(() -> CefParser.parse("CEF:0|a|b|c|d|e|5|bogus=1")).hasMessageContaining("dictionary");
        assertThat(CefParser.parse("CEF:0|a\\|b|c|d|e|n|5|msg=x \\= y\\\\ cs1=z")
                        .extension())
                .containsEntry("msg", "x = y\\")
                .containsEntry("cs1", "z");
        assertThatThrownBy(() -> LeefParser.parse("LEEF:2.0|a|b|c|d|^|k=v^k=w")).hasMessageContaining("twice");
        assertThatThrownBy(() -> LeefParser.parse("LEEF:2.0|a|b|c|d|^|k=v\u0000"))
                .hasMessageContaining("control");
        assertThatThrownBy(() -> LeefParser.parse("LEEF:2.0|a|b|c|d|x09|k=v\t=w"))
                .hasMessageContaining("without a key");
    }

    /** CEF's rule, written here from the specification: \n and \r are escapable, other controls become spaces. */
    private static String cefText(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                sb.append('\uFFFD');
            } else if (cp == '\n' || cp == '\r') {
                sb.appendCodePoint(cp);
            } else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029) {
                sb.append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** LEEF has no escapes: every control character (tab, the delimiter, included) becomes a space. */
    private static String leefText(String s) {
        return cefText(s).replace('\n', ' ').replace('\r', ' ');
    }
}
