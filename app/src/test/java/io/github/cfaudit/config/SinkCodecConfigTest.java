package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.formats.CloudflareFormat;
import io.github.cfaudit.formats.EcsFormat;
import io.github.cfaudit.formats.OcsfFormat;
import io.github.cfaudit.formats.OcsfVersion;
import io.github.cfaudit.testing.MinimalConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cfaudit.sink.<name>.codec} and its options: per sink type, each error naming the key and what is valid. */
class SinkCodecConfigTest {
    private static Map<String, String> valid() {
        return MinimalConfig.properties("acme", "all");
    }

    private static SinkConfig sink(Map<String, String> p) {
        return AuditConfigParser.parse(p, Map.of()).sinks().get(0);
    }

    @Test
    void theDefaultIsTheEntryAsCloudflareSentIt() {
        assertThat(sink(valid()).codec()).isInstanceOf(CloudflareFormat.class);
    }

    @Test
    void ocsfWithItsVersionAndRawData() {
        Map<String, String> p = valid();
        p.put("cfaudit.sink.all.codec", "OCSF");
        assertThat(((OcsfFormat) sink(p).codec()).version()).isEqualTo(OcsfVersion.V1_8_0);
        p.put("cfaudit.sink.all.ocsf-version", "1.1.0");
        p.put("cfaudit.sink.all.ocsf-raw-data", "true");
        OcsfFormat ocsf = (OcsfFormat) sink(p).codec();
        assertThat(ocsf.version()).isEqualTo(OcsfVersion.V1_1_0);
        assertThat(ocsf.rawData()).isTrue();
    }

    @Test
    void ecsWithEventOriginal() {
        Map<String, String> p = valid();
        p.put("cfaudit.sink.all.codec", "ecs");
        p.put("cfaudit.sink.all.ecs-event-original", "true");
        assertThat(((EcsFormat) sink(p).codec()).original()).isTrue();
    }

    @Test
    void cefAndLeefOnFileAndSyslogOnly() {
        Map<String, String> p = valid();
        p.put("cfaudit.sink.all.codec", "leef");
        assertThat(sink(p).codec().name()).isEqualTo("leef");

        Map<String, String> s3 = valid();
        s3.remove("cfaudit.sink.all.directory");
        s3.put("cfaudit.sink.all.type", "s3");
        s3.put("cfaudit.sink.all.bucket", "audit-archive");
        s3.put("cfaudit.sink.all.region", "eu-west-1");
        s3.put("cfaudit.sink.all.codec", "cef");
        assertThatThrownBy(() -> sink(s3))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.sink.all.codec: 'cef' is not written by a s3 sink")
                .hasMessageContaining("valid for type=s3: one of cloudflare, ocsf, ecs");

        Map<String, String> endpoint = valid();
        endpoint.remove("cfaudit.sink.all.directory");
        endpoint.put("cfaudit.sink.all.type", "endpoint");
        endpoint.put("cfaudit.sink.all.uri", "direct:audit");
        endpoint.put("cfaudit.sink.all.codec", "leef");
        assertThatThrownBy(() -> sink(endpoint))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cfaudit.sink.all.codec")
                .hasMessageContaining("one of cloudflare, ocsf, ecs");
        endpoint.put("cfaudit.sink.all.codec", "ecs");
        assertThat(sink(endpoint).codec().name()).isEqualTo("ecs");
    }

    @Test
    void anUnknownCodecNamesTheValidOnes() {
        Map<String, String> p = valid();
        p.put("cfaudit.sink.all.codec", "json");
        assertThatThrownBy(() -> sink(p))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cfaudit.sink.all.codec: 'json' is not valid; valid for type=file: one of "
                        + "cloudflare, ocsf, ecs, cef, leef");
    }

    @Test
    void anOptionOfAnotherCodecIsRefused() {
        Map<String, String> p = valid();
        p.put("cfaudit.sink.all.ocsf-version", "1.1.0");
        assertThatThrownBy(() -> sink(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.sink.all.ocsf-version: applies only with cfaudit.sink.all.codec=ocsf"
                        + ", and this sink's codec is cloudflare");
        Map<String, String> q = valid();
        q.put("cfaudit.sink.all.codec", "ocsf");
        q.put("cfaudit.sink.all.ecs-event-original", "true");
        assertThatThrownBy(() -> sink(q))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "cfaudit.sink.all.ecs-event-original: applies only with " + "cfaudit.sink.all.codec=ecs");
    }

    @Test
    void badValuesNameWhatIsValid() {
        Map<String, String> p = valid();
        p.put("cfaudit.sink.all.codec", "ocsf");
        p.put("cfaudit.sink.all.ocsf-version", "1.3.0");
        assertThatThrownBy(() -> sink(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cfaudit.sink.all.ocsf-version: '1.3.0' is not valid")
                .hasMessageContaining("1.1.0")
                .hasMessageContaining("1.8.0");
        p.put("cfaudit.sink.all.ocsf-version", "1.1.0");
        p.put("cfaudit.sink.all.ocsf-raw-data", "yes");
        assertThatThrownBy(() -> sink(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cfaudit.sink.all.ocsf-raw-data: 'yes' is not a boolean");
    }
}
