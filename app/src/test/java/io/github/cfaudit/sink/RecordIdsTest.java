package io.github.cfaudit.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.formats.RecordFormats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The id read back from a record is the one the record was written for, whatever the entry's text holds. */
class RecordIdsTest {
    private static final String FORGED = "externalId=forged msg=x \\texternalId=forged2 metadata uid event";

    private static AuditEntry entry(String id) {
        String json = "{\"id\":" + quote(id) + ",\"action\":{\"description\":" + quote(FORGED + " |a|b|c|d|e|f|g")
                + ",\"result\":\"success\",\"time\":\"2026-11-20T10:00:00Z\",\"type\":\"update\"},"
                + "\"actor\":{\"email\":" + quote("externalId=forged") + ",\"type\":\"user\"},"
                + "\"metadata\":{\"uid\":\"forged\"},\"event\":{\"id\":\"forged\"}}";
        return new AuditEntry(id, Instant.parse("2026-11-20T10:00:00Z"), json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ocsf", "ecs", "cef", "leef"})
    void theRecordsIdIsFoundAndForgedOnesAreNot(String codec) {
        RecordCodec c = new RecordCodec(RecordFormats.of(codec));
        for (String id : new String[] {
            "0193a1b2-0000-7000-8000-000000000001", "a b=c\\d|e", "tab\there\nline", "lone \ud800 surrogate", "é😀"
        }) {
            AuditEntry e = entry(id);
            byte[] line = c.format().render(e, SourceType.ACCOUNT);
            assertThat(c.idOfLine(line, 0, line.length))
                    .as(new String(line, StandardCharsets.UTF_8))
                    .isEqualTo(c.recordId(e));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"x\"}", "not a record", "CEF:0|a|b", "LEEF:2.0|a|b|c|d|x09|devTime=1", ""})
    void aLineOfAnotherShapeHasNoId(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        for (String codec : new String[] {"ocsf", "ecs", "cef", "leef"}) {
            assertThat(RecordIds.reader(codec).read(b, 0, b.length)).isNull();
        }
    }
}
