package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OcsfFormatTest {

    private static JsonNode render(OcsfFormat f, AuditEntry e, SourceType type) throws Exception {
        byte[] bytes = f.render(e, type);
        String line = new String(bytes, StandardCharsets.UTF_8);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        return TestEntries.MAPPER.readTree(bytes);
    }

    @ParameterizedTest
    @EnumSource(OcsfVersion.class)
    void everyRecordValidatesAgainstTheSchemaOfItsVersion(OcsfVersion version) throws Exception {
        for (boolean raw : new boolean[] {false, true}) {
            OcsfFormat format = new OcsfFormat(version, raw);
            List<String> problems = new ArrayList<>();
            int n = 0;
            for (Map.Entry<AuditEntry, SourceType> e : TestEntries.all(150)) {
                JsonNode record = render(format, e.getKey(), e.getValue());
                assertThat(record.path("metadata").path("version").asText()).isEqualTo(version.id());
                for (String p : OcsfValidator.validate(record)) {
                    problems.add(e.getKey().id() + " (" + e.getValue().configName() + "): " + p);
                }
                n++;
            }
            assertThat(n).isGreaterThan(500);
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void auditLogEntriesAreApiActivityWithEveryDocumentedField() throws Exception {
        String json =
                "{\"id\":\"d5b0f326-1232-4452-8858-1089bd7168ef\",\"account\":{\"id\":\"4bb334f7c94c4a29a045f03944f072e5\",\"name\":\"Example Account\"},"
                        + "\"action\":{\"description\":\"Add Member\",\"result\":\"success\",\"time\":\"2024-04-26T17:31:07Z\",\"type\":\"create\"},"
                        + "\"actor\":{\"id\":\"f6b5de0326bb5182b8a4840ee01ec774\",\"context\":\"dash\",\"email\":\"alice@example.com\",\"ip_address\":\"198.41.129.166\",\"token_id\":\"t1\",\"token_name\":\"ci\",\"type\":\"user\"},"
                        + "\"raw\":{\"cf_ray_id\":\"8e9b1c60ef9e1c9a\",\"method\":\"PATCH\",\"status_code\":200,\"uri\":\"/accounts/4bb334f7c94c4a29a045f03944f072e5/members?x=1\",\"user_agent\":\"curl/8.5.0\"},"
                        + "\"resource\":{\"id\":\"r1\",\"product\":\"members\",\"request\":{\"email\":\"bob@example.com\"},\"response\":{\"id\":\"m1\"},\"scope\":\"memberships\",\"type\":\"member\"},"
                        + "\"zone\":{\"id\":\"z1\",\"name\":\"example.com\"}}";
        AuditEntry entry = TestEntries.entry(json, SourceType.ACCOUNT);

        JsonNode r = render(new OcsfFormat(OcsfVersion.V1_8_0, true), entry, SourceType.ACCOUNT);
        assertThat(r.get("class_uid").asInt()).isEqualTo(6003);
        assertThat(r.get("activity_id").asInt()).isEqualTo(1);
        assertThat(r.get("type_uid").asLong()).isEqualTo(600301);
        assertThat(r.get("status_id").asInt()).isEqualTo(1);
        assertThat(r.get("time").asLong())
                .isEqualTo(Instant.parse("2024-04-26T17:31:07Z").toEpochMilli());
        assertThat(r.at("/actor/user/uid").asText()).isEqualTo("f6b5de0326bb5182b8a4840ee01ec774");
        assertThat(r.at("/actor/user/email_addr").asText()).isEqualTo("alice@example.com");
        assertThat(r.at("/src_endpoint/ip").asText()).isEqualTo("198.41.129.166");
        assertThat(r.at("/api/operation").asText()).isEqualTo("Add Member");
        assertThat(r.at("/api/service/name").asText()).isEqualTo("members");
        assertThat(r.at("/api/request/uid").asText()).isEqualTo("8e9b1c60ef9e1c9a");
        assertThat(r.at("/http_request/http_method").asText()).isEqualTo("PATCH");
        assertThat(r.at("/http_request/url/path").asText())
                .isEqualTo("/accounts/4bb334f7c94c4a29a045f03944f072e5/members");
        assertThat(r.at("/http_request/url/query_string").asText()).isEqualTo("x=1");
        assertThat(r.at("/http_request/user_agent").asText()).isEqualTo("curl/8.5.0");
        assertThat(r.at("/http_response/code").asInt()).isEqualTo(200);
        assertThat(r.at("/resources/0/uid").asText()).isEqualTo("r1");
        assertThat(r.at("/resources/1/name").asText()).isEqualTo("example.com");
        assertThat(r.at("/cloud/provider").asText()).isEqualTo("Cloudflare");
        assertThat(r.at("/cloud/account/uid").asText()).isEqualTo("4bb334f7c94c4a29a045f03944f072e5");
        assertThat(r.at("/metadata/uid").asText()).isEqualTo("d5b0f326-1232-4452-8858-1089bd7168ef");
        assertThat(r.at("/metadata/product/vendor_name").asText()).isEqualTo("Cloudflare");
        assertThat(r.at("/metadata/log_name").asText()).isEqualTo("account");
        assertThat(r.at("/metadata/original_time").asText()).isEqualTo("2024-04-26T17:31:07Z");
        assertThat(r.get("raw_data").asText()).isEqualTo(json);
        // what OCSF has no attribute for stays, in the entry's structure
        assertThat(r.at("/unmapped/actor/context").asText()).isEqualTo("dash");
        assertThat(r.at("/unmapped/actor/token_name").asText()).isEqualTo("ci");
        assertThat(r.at("/unmapped/resource/request/email").asText()).isEqualTo("bob@example.com");
        assertThat(r.at("/unmapped/resource/scope").asText()).isEqualTo("memberships");
        assertThat(r.at("/unmapped/raw").isMissingNode()).isTrue();
        assertThat(OcsfValidator.validate(r)).isEmpty();

        // 1.1.0 has no http_response and no PATCH: the status code and method stay under unmapped
        JsonNode old = render(new OcsfFormat(OcsfVersion.V1_1_0, false), entry, SourceType.ACCOUNT);
        assertThat(old.has("http_response")).isFalse();
        assertThat(old.has("raw_data")).isFalse();
        assertThat(old.at("/http_request/http_method").isMissingNode()).isTrue();
        assertThat(old.at("/unmapped/raw/method").asText()).isEqualTo("PATCH");
        assertThat(old.get("status_code").asText()).isEqualTo("200");
        assertThat(OcsfValidator.validate(old)).isEmpty();
    }

    @Test
    void actionTypesAndResultsMapToTheirIds() throws Exception {
        OcsfFormat f = new OcsfFormat();
        Object[][] cases = {
            {"\"type\":\"create\"", 1, "Create"},
            {"\"type\":\"view\"", 2, "Read"},
            {"\"type\":\"update\"", 3, "Update"},
            {"\"type\":\"delete\"", 4, "Delete"},
            {"\"type\":\"rotate\"", 99, "rotate"},
            {"\"type\":7", 99, "Other"},
            {"\"result\":\"x\"", 0, "Unknown"},
        };
        for (Object[] c : cases) {
            AuditEntry e = TestEntries.entry(
                    "{\"id\":\"a\",\"action\":{" + c[0] + ",\"time\":\"2026-01-01T00:00:00Z\"}}",
                    SourceType.ORGANIZATION);
            JsonNode r = render(f, e, SourceType.ORGANIZATION);
            assertThat(r.get("activity_id").asInt()).as("%s", c[0]).isEqualTo(c[1]);
            assertThat(r.get("activity_name").asText()).isEqualTo(c[2]);
            assertThat(r.get("type_uid").asLong()).isEqualTo(600300L + (int) c[1]);
        }
        String[][] results = {{"success", "1", "Success"}, {"failure", "2", "Failure"}, {"Failure", "99", "Failure"}};
        for (String[] c : results) {
            AuditEntry e = TestEntries.entry(
                    "{\"id\":\"a\",\"action\":{\"result\":\"" + c[0] + "\",\"time\":\"2026-01-01T00:00:00Z\"}}",
                    SourceType.ORGANIZATION);
            JsonNode r = render(f, e, SourceType.ORGANIZATION);
            assertThat(r.get("status_id").asText()).isEqualTo(c[1]);
            assertThat(r.get("status").asText()).isEqualTo(c[2]);
        }
    }

    @Test
    void insightChangesAreEntityManagementUpdates() throws Exception {
        String json =
                "{\"id\":\"0192f9a5-7c3e-7b1a-9f00-3c2d1e0f4a5b\",\"changed_at\":\"2026-11-30T08:15:30Z\",\"changed_by\":\"alice@example.com\","
                        + "\"field_changed\":\"status\",\"previous_value\":\"active\",\"current_value\":\"resolved\",\"rationale\":\"Fixed\","
                        + "\"issue_id\":\"9a7806061c88ada191ed06f989cc3dac\",\"zone_id\":123456789}";
        AuditEntry e = TestEntries.entry(json, SourceType.INSIGHT);
        for (OcsfVersion v : OcsfVersion.values()) {
            JsonNode r = render(new OcsfFormat(v, false), e, SourceType.INSIGHT);
            assertThat(r.get("class_uid").asInt()).isEqualTo(3004);
            assertThat(r.get("activity_id").asInt()).isEqualTo(3);
            assertThat(r.get("type_uid").asLong()).isEqualTo(300403);
            assertThat(r.at("/entity/uid").asText()).isEqualTo("9a7806061c88ada191ed06f989cc3dac");
            assertThat(r.at("/entity/data/status").asText()).isEqualTo("active");
            assertThat(r.at("/entity_result/data/status").asText()).isEqualTo("resolved");
            assertThat(r.get("comment").asText()).isEqualTo("Fixed");
            assertThat(r.at("/actor/user/name").asText()).isEqualTo("alice@example.com");
            assertThat(r.at("/unmapped/zone_id").asLong()).isEqualTo(123456789L);
            assertThat(r.at("/metadata/profiles").toString())
                    .isEqualTo(v == OcsfVersion.V1_1_0 ? "[\"cloud\",\"host\"]" : "[\"cloud\"]");
            assertThat(OcsfValidator.validate(r)).as("%s", v).isEmpty();
        }
    }

    @Test
    void theValidatorCatchesWhatTheSchemaForbids() throws Exception {
        AuditEntry e = TestEntries.synthetic(1).get(SourceType.ACCOUNT).get(0);
        JsonNode good = render(new OcsfFormat(OcsfVersion.V1_1_0, false), e, SourceType.ACCOUNT);
        assertThat(OcsfValidator.validate(good)).isEmpty();

        assertThat(OcsfValidator.validate(edit(good, r -> r.remove("severity_id"))))
                .anyMatch(p -> p.startsWith("severity_id: required"));
        assertThat(OcsfValidator.validate(edit(good, r -> r.put("bogus", 1))))
                .anyMatch(p -> p.startsWith("bogus: not an attribute"));
        assertThat(OcsfValidator.validate(edit(good, r -> r.put("time", "yesterday"))))
                .anyMatch(p -> p.startsWith("time: must be a long"));
        assertThat(OcsfValidator.validate(edit(good, r -> r.put("type_uid", 600399))))
                .anyMatch(p -> p.startsWith("type_uid"));
        assertThat(OcsfValidator.validate(edit(good, r -> r.put("activity_name", "Read"))))
                .anyMatch(p -> p.contains("is not the caption"));
        assertThat(OcsfValidator.validate(edit(good, r -> r.put("status_id", 5))))
                .anyMatch(p -> p.contains("not one of the enum values"));
        assertThat(OcsfValidator.validate(edit(good, r -> ((ObjectNode) r.get("cloud")).remove("provider"))))
                .anyMatch(p -> p.equals("cloud.provider: required, missing"));
        assertThat(OcsfValidator.validate(edit(good, r -> ((ObjectNode) r.get("metadata")).remove("profiles"))))
                .anyMatch(p -> p.contains("profile cloud"));
        assertThat(OcsfValidator.validate(
                        edit(good, r -> ((ObjectNode) r.at("/metadata/product")).remove("vendor_name"))))
                .anyMatch(p -> p.equals("metadata.product.vendor_name: required, missing"));
        assertThat(OcsfValidator.validate(edit(
                        good,
                        r -> ((ObjectNode) r.at("/actor")).putObject("user").put("email_addr", "a@b.c"))))
                .anyMatch(p -> p.contains("needs at least one of"));
        assertThat(OcsfValidator.validate(
                        edit(good, r -> r.putObject("http_response").put("code", 200))))
                .anyMatch(p -> p.startsWith("http_response: not an attribute"));
        assertThat(OcsfValidator.validate(
                        edit(good, r -> r.putObject("http_request").put("http_method", "PATCH"))))
                .anyMatch(p -> p.contains("not one of the enum values"));
        assertThat(OcsfValidator.validate(edit(good, r -> ((ObjectNode) r.get("src_endpoint")).put("ip", "999.1.1.1"))))
                .anyMatch(p -> p.contains("ip_t pattern"));
        // 1.1.0 Entity Management reaches actor only through the host profile
        AuditEntry insight = TestEntries.synthetic(1).get(SourceType.INSIGHT).get(0);
        JsonNode em = render(new OcsfFormat(OcsfVersion.V1_1_0, false), insight, SourceType.INSIGHT);
        assertThat(OcsfValidator.validate(edit(
                        em,
                        r -> ((ObjectNode) r.get("metadata"))
                                .putArray("profiles")
                                .add("cloud"))))
                .anyMatch(p -> p.startsWith("actor: belongs to profile host"));
    }

    @Test
    void numbersStayAsCloudflareWroteThem() {
        String numbers = "{\"a\":1.00000000000000000001,\"b\":1E+400,\"c\":123456789012345678901234567890,\"d\":200.0}";
        AuditEntry e = TestEntries.entry(
                "{\"id\":\"n1\",\"action\":{\"time\":\"2026-01-01T00:00:00Z\"},\"resource\":{\"request\":" + numbers
                        + "}}",
                SourceType.ACCOUNT);
        String ocsf = new String(new OcsfFormat().render(e, SourceType.ACCOUNT), StandardCharsets.UTF_8);
        assertThat(ocsf).contains("\"unmapped\":{\"resource\":{\"request\":" + numbers + "}}");
        String ecs = new String(new EcsFormat().render(e, SourceType.ACCOUNT), StandardCharsets.UTF_8);
        assertThat(ecs).contains("\"request\":" + numbers);
    }

    @Test
    void unknownVersionsAreRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> OcsfVersion.of("1.3.0"))
                .hasMessage("unsupported OCSF version '1.3.0': use one of 1.1.0, 1.8.0");
    }

    private static JsonNode edit(JsonNode record, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = record.deepCopy();
        change.accept(copy);
        return copy;
    }
}
