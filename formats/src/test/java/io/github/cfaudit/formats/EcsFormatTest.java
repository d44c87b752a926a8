package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcsFormatTest {

    private static JsonNode render(EcsFormat f, AuditEntry e, SourceType type) throws Exception {
        byte[] bytes = f.render(e, type);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\n");
        return TestEntries.MAPPER.readTree(bytes);
    }

    @Test
    void everyDocumentUsesEcsFieldsOfTheirTypeOrTheCloudflareNamespace() throws Exception {
        for (boolean original : new boolean[] {false, true}) {
            EcsFormat format = new EcsFormat(original);
            List<String> problems = new ArrayList<>();
            for (Map.Entry<AuditEntry, SourceType> e : TestEntries.all(150)) {
                JsonNode d = render(format, e.getKey(), e.getValue());
                assertThat(d.at("/ecs/version").asText())
                        .isEqualTo(EcsValidator.facts().get("version").asText());
                for (String p : EcsValidator.validate(d)) {
                    problems.add(e.getKey().id() + " (" + e.getValue().configName() + "): " + p);
                }
            }
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void auditLogEntriesMapFieldByField() throws Exception {
        String json = "{\"id\":\"e1\",\"account\":{\"id\":\"acc\",\"name\":\"Example\"},"
                + "\"action\":{\"description\":\"Delete DNS Record\",\"result\":\"failure\",\"time\":\"2026-01-02T03:04:05.678Z\",\"type\":\"delete\"},"
                + "\"actor\":{\"id\":\"u1\",\"context\":\"api_token\",\"email\":\"alice@example.com\",\"ip_address\":\"2001:db8::1\",\"type\":\"user\"},"
                + "\"raw\":{\"cf_ray_id\":\"ray1\",\"method\":\"DELETE\",\"status_code\":403,\"uri\":\"/zones/z/dns_records/r\",\"user_agent\":\"curl/8.5.0\"},"
                + "\"resource\":{\"id\":\"r\",\"product\":\"dns_records\",\"scope\":\"zones\",\"type\":\"dns_record\"},\"zone\":{\"id\":\"z\",\"name\":\"example.com\"}}";
        AuditEntry e = TestEntries.entry(json, SourceType.ACCOUNT);
        JsonNode d = render(new EcsFormat(true), e, SourceType.ACCOUNT);
        assertThat(d.get("@timestamp").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(d.at("/event/id").asText()).isEqualTo("e1");
        assertThat(d.at("/event/category").toString()).isEqualTo("[\"api\"]");
        assertThat(d.at("/event/type").toString()).isEqualTo("[\"deletion\"]");
        assertThat(d.at("/event/action").asText()).isEqualTo("delete");
        assertThat(d.at("/event/outcome").asText()).isEqualTo("failure");
        assertThat(d.at("/event/severity").asInt()).isEqualTo(8);
        assertThat(d.at("/event/provider").asText()).isEqualTo("dns_records");
        assertThat(d.at("/event/dataset").asText()).isEqualTo("cloudflare.account_audit");
        assertThat(d.at("/event/original").asText()).isEqualTo(json);
        assertThat(d.at("/user/id").asText()).isEqualTo("u1");
        assertThat(d.at("/user/email").asText()).isEqualTo("alice@example.com");
        assertThat(d.at("/source/ip").asText()).isEqualTo("2001:db8::1");
        assertThat(d.at("/http/request/id").asText()).isEqualTo("ray1");
        assertThat(d.at("/http/request/method").asText()).isEqualTo("DELETE");
        assertThat(d.at("/http/response/status_code").asInt()).isEqualTo(403);
        assertThat(d.at("/url/path").asText()).isEqualTo("/zones/z/dns_records/r");
        assertThat(d.at("/user_agent/original").asText()).isEqualTo("curl/8.5.0");
        assertThat(d.at("/cloud/account/id").asText()).isEqualTo("acc");
        assertThat(d.at("/cloud/account/name").asText()).isEqualTo("Example");
        assertThat(d.at("/cloudflare/zone/name").asText()).isEqualTo("example.com");
        assertThat(d.at("/cloudflare/actor/context").asText()).isEqualTo("api_token");
        assertThat(EcsValidator.validate(d)).isEmpty();
    }

    @Test
    void theValidatorCatchesFieldsEcsDoesNotDefine() throws Exception {
        AuditEntry e = TestEntries.synthetic(1).get(SourceType.ORGANIZATION).get(0);
        ObjectNode d = (ObjectNode) render(new EcsFormat(), e, SourceType.ORGANIZATION);
        assertThat(EcsValidator.validate(d)).isEmpty();
        ObjectNode bad = d.deepCopy();
        ((ObjectNode) bad.get("event")).put("colour", "red");
        ((ObjectNode) bad.get("event")).put("kind", "happening");
        ((ObjectNode) bad.get("event")).put("category", "api");
        ((ObjectNode) bad.get("http").get("response")).put("status_code", "200");
        bad.putObject("source").put("ip", "not-an-ip");
        ((ObjectNode) bad.get("event")).putArray("type").add("installation");
        assertThat(EcsValidator.validate(bad))
                .anyMatch(p -> p.startsWith("event.colour: not an ECS field"))
                .anyMatch(p -> p.startsWith("event.kind: \"happening\" is not an allowed value"))
                .anyMatch(p -> p.startsWith("event.category: ECS normalises it to an array"))
                .anyMatch(p -> p.startsWith("http.response.status_code: \"200\" is not of ECS type long"))
                .anyMatch(p -> p.startsWith("source.ip"))
                .anyMatch(p -> p.startsWith("event.type \"installation\""));
    }
}
