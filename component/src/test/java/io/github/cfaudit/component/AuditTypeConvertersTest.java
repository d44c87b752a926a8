package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntries;
import io.github.cfaudit.cloudflare.AuditEntry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.TypeConverter;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** A page body as NDJSON, an entry as its JSON, byte for byte; other lists left alone. */
class AuditTypeConvertersTest extends CamelTestSupport {
    // two entries as they sit in a page body: raw UTF-8, an escape, a raw U+2028, spacing inside the object
    private static final String FIRST = "{\"id\":\"a\",\"note\":\"caf\u00e9 \\u00e9 \u2028\"}";
    private static final String SECOND = "{\"id\":\"b\", \"n\": 1}";
    private static final byte[] BODY = ("{\"result\":[" + FIRST + "," + SECOND + "]}").getBytes(StandardCharsets.UTF_8);

    private static List<AuditEntry> entries() {
        int first = indexOf(FIRST);
        int second = indexOf(SECOND);
        return new ArrayList<>(List.of(
                new AuditEntry("a", Instant.EPOCH, BODY, first, FIRST.getBytes(StandardCharsets.UTF_8).length),
                new AuditEntry("b", Instant.EPOCH, BODY, second, SECOND.getBytes(StandardCharsets.UTF_8).length)));
    }

    private static int indexOf(String json) {
        String body = new String(BODY, StandardCharsets.ISO_8859_1);
        return body.indexOf(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    @Test
    void aPageConvertsToNdjsonAndAPlainListDoesNot() throws Exception {
        // the component registers its converters when it is first used in a context
        context.getComponent(CloudflareAuditComponent.SCHEME);
        TypeConverter converter = context.getTypeConverter();
        AuditEntries page = new AuditEntries(entries());
        String ndjson = FIRST + "\n" + SECOND + "\n";

        assertThat(converter.mandatoryConvertTo(String.class, page)).isEqualTo(ndjson);
        assertThat(converter.mandatoryConvertTo(byte[].class, page)).isEqualTo(ndjson.getBytes(StandardCharsets.UTF_8));
        try (InputStream in = converter.mandatoryConvertTo(InputStream.class, page)) {
            assertThat(in.readAllBytes()).isEqualTo(ndjson.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(converter.mandatoryConvertTo(byte[].class, page.get(0)))
                .isEqualTo(FIRST.getBytes(StandardCharsets.UTF_8));
        assertThat(converter.mandatoryConvertTo(String.class, page.get(1))).isEqualTo(SECOND);

        // still a list of entries, and a list of the host's own is not converted by these converters
        assertThat(page).extracting(AuditEntry::id).containsExactly("a", "b");
        assertThat(converter.tryConvertTo(InputStream.class, entries())).isNull();
    }
}
