package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes one record per format and source type, from the simulator's realistic entries, to
 * target/format-examples.md: the examples docs/formats.md quotes (regenerate them there when a mapping changes).
 */
class FormatExamplesTest {
    @Test
    void writesAnExampleOfEveryFormatAndSourceType() throws Exception {
        List<RecordFormat> formats = List.of(
                new CloudflareFormat(),
                new OcsfFormat(OcsfVersion.V1_8_0, false),
                new OcsfFormat(OcsfVersion.V1_1_0, false),
                new EcsFormat(false),
                new CefFormat(),
                new LeefFormat());
        StringBuilder md = new StringBuilder();
        var entries = TestEntries.synthetic(4);
        for (SourceType type : SourceType.values()) {
            AuditEntry e = entries.get(type).get(3);
            for (RecordFormat f : formats) {
                String record = new String(f.render(e, type), StandardCharsets.UTF_8);
                if (f.mediaType().equals("application/json")) {
                    record = TestEntries.MAPPER
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(TestEntries.MAPPER.readTree(record));
                }
                md.append("#### ")
                        .append(type.configName())
                        .append(" as ")
                        .append(f)
                        .append("\n```\n");
                md.append(record).append("\n```\n\n");
            }
        }
        Path out = Path.of("target", "format-examples.md");
        Files.writeString(out, md);
        assertThat(out).isNotEmptyFile();
    }
}
