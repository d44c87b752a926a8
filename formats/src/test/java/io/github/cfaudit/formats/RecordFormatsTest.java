package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordFormatsTest {

    @Test
    void buildsEachCodecWithItsOptions() {
        assertThat(RecordFormats.of("cloudflare")).isInstanceOf(CloudflareFormat.class);
        assertThat(RecordFormats.of("OCSF")).isInstanceOfSatisfying(OcsfFormat.class, f -> {
            assertThat(f.version()).isEqualTo(OcsfVersion.V1_8_0);
            assertThat(f.rawData()).isFalse();
        });
        assertThat(RecordFormats.of("ocsf", Map.of("ocsf-version", "1.1.0", "ocsf-raw-data", "true")))
                .isInstanceOfSatisfying(OcsfFormat.class, f -> {
                    assertThat(f.version()).isEqualTo(OcsfVersion.V1_1_0);
                    assertThat(f.rawData()).isTrue();
                });
        assertThat(RecordFormats.of("ecs", Map.of("ecs-event-original", "true")))
                .isInstanceOfSatisfying(
                        EcsFormat.class, f -> assertThat(f.original()).isTrue());
        assertThat(RecordFormats.of("cef")).isInstanceOf(CefFormat.class);
        assertThat(RecordFormats.of("leef")).isInstanceOf(LeefFormat.class);
        for (String name : RecordFormats.NAMES) {
            assertThat(RecordFormats.of(name).name()).isEqualTo(name);
        }
    }

    @Test
    void errorsNameTheValidValues() {
        assertThatThrownBy(() -> RecordFormats.of("json"))
                .hasMessage("unknown codec 'json': use one of cloudflare, ocsf, ecs, cef, leef");
        assertThatThrownBy(() -> RecordFormats.of("ocsf", Map.of("ocsf-version", "2.0")))
                .hasMessage("ocsf-version: unsupported OCSF version '2.0': use one of 1.1.0, 1.8.0");
        assertThatThrownBy(() -> RecordFormats.of("ocsf", Map.of("ocsf-raw-data", "yes")))
                .hasMessage("ocsf-raw-data: 'yes' is not a boolean: use true or false");
        assertThatThrownBy(() -> RecordFormats.of("cef", Map.of("ocsf-version", "1.1.0")))
                .hasMessage("option 'ocsf-version' does not apply to codec cef (it has no options)");
        assertThatThrownBy(() -> RecordFormats.of("ocsf", Map.of("raw-data", "true")))
                .hasMessage("option 'raw-data' does not apply to codec ocsf: use ocsf-raw-data, ocsf-version");
    }

    @Test
    void theCloudflareCodecWritesTheEntryVerbatim() {
        AuditEntry e = TestEntries.synthetic(1).get(SourceType.ACCOUNT).get(0);
        assertThat(RecordFormats.of("cloudflare").render(e, SourceType.ACCOUNT)).isEqualTo(e.jsonBytes());
    }

    @Test
    void aFormatIsAPureFunctionOfTheEntry() {
        for (String name : RecordFormats.NAMES) {
            RecordFormat f = RecordFormats.of(name);
            for (Map.Entry<AuditEntry, SourceType> e : TestEntries.all(5)) {
                assertThat(f.render(e.getKey(), e.getValue())).isEqualTo(f.render(e.getKey(), e.getValue()));
            }
        }
    }
}
