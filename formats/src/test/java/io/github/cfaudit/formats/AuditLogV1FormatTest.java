package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Audit-log v1 entries (account-v1, user-v1) in every format: the v1 rows of docs/formats.md. */
class AuditLogV1FormatTest {
    private static final String ACCOUNT = TestEntries.ACCOUNT;
    private static final String ACTOR = "f6b5de0326bb5182b8a4840ee01ec774";

    /** The entry of Cloudflare's v1 schema example, owned by the account. */
    private static String example(String actionType, String result, String owner) {
        return "{\"id\":\"d5b0f326-1232-4452-8858-1089bd7168ef\","
                + "\"action\":{\"result\":" + result + ",\"type\":\"" + actionType + "\"},"
                + "\"actor\":{\"email\":\"michelle@example.com\",\"id\":\"" + ACTOR + "\",\"ip\":\"198.41.129.166\","
                + "\"type\":\"user\"},"
                + "\"interface\":\"API\","
                + "\"metadata\":{\"name\":\"security_level\",\"type\":\"firewall\",\"value\":\"high\","
                + "\"zone_name\":\"example.com\"},"
                + "\"newValue\":\"low\",\"oldValue\":\"high\","
                + "\"owner\":{\"id\":\"" + owner + "\"},"
                + "\"resource\":{\"id\":\"4722a7c2e5e4a3ba3e0a8e4e4b5b7c8d\",\"type\":\"zone\"},"
                + "\"when\":\"2017-04-26T17:31:07Z\"}";
    }

    private static AuditEntry entry(String json) {
        return TestEntries.entry(json, SourceType.ACCOUNT_V1);
    }

    private static JsonNode ocsf(OcsfVersion v, AuditEntry e, SourceType type) throws Exception {
        return TestEntries.MAPPER.readTree(new OcsfFormat(v, false).render(e, type));
    }

    @ParameterizedTest
    @CsvSource({
        "add, 1, Create",
        "rec_add, 1, Create",
        "token_create, 1, Create",
        "set_security_level, 3, Update",
        "change_setting, 3, Update",
        "rotate_api_key, 3, Update",
        "update, 3, Update",
        "delete, 4, Delete",
        "rec_del, 4, Delete",
        "list_members, 2, Read",
        "login, 99, login",
        "purchase, 99, purchase"
    })
    void theActivityIsTheFirstCrudWordOfTheActionType(String actionType, int activity, String name) throws Exception {
        for (OcsfVersion v : OcsfVersion.values()) {
            JsonNode r = ocsf(v, entry(example(actionType, "true", ACCOUNT)), SourceType.ACCOUNT_V1);
            assertThat(r.path("class_uid").asInt()).isEqualTo(6003);
            assertThat(r.path("activity_id").asInt()).isEqualTo(activity);
            assertThat(r.path("activity_name").asText()).isEqualTo(name);
            assertThat(r.path("type_uid").asLong()).isEqualTo(600300L + activity);
            assertThat(r.path("api").path("operation").asText()).isEqualTo(actionType);
            assertThat(OcsfValidator.validate(r)).isEmpty();
        }
    }

    @Test
    void anAccountEntryIsApiActivityWithEveryDocumentedField() throws Exception {
        AuditEntry e = entry(example("set_security_level", "false", ACCOUNT));
        JsonNode r = ocsf(OcsfVersion.V1_8_0, e, SourceType.ACCOUNT_V1);
        assertThat(r.path("time").asLong()).isEqualTo(e.time().toEpochMilli());
        assertThat(r.path("status_id").asInt()).isEqualTo(2);
        assertThat(r.path("status").asText()).isEqualTo("Failure");
        JsonNode user = r.path("actor").path("user");
        assertThat(user.path("uid").asText()).isEqualTo(ACTOR);
        assertThat(user.path("email_addr").asText()).isEqualTo("michelle@example.com");
        assertThat(user.path("type_id").asInt()).isEqualTo(1);
        assertThat(r.path("src_endpoint").path("ip").asText()).isEqualTo("198.41.129.166");
        assertThat(r.path("resources").get(0).path("uid").asText()).isEqualTo("4722a7c2e5e4a3ba3e0a8e4e4b5b7c8d");
        assertThat(r.path("resources").get(0).path("type").asText()).isEqualTo("zone");
        assertThat(r.path("resources").get(1).path("name").asText()).isEqualTo("example.com");
        assertThat(r.path("cloud").path("account").path("uid").asText()).isEqualTo(ACCOUNT);
        assertThat(r.path("metadata").path("uid").asText()).isEqualTo("d5b0f326-1232-4452-8858-1089bd7168ef");
        assertThat(r.path("metadata").path("log_name").asText()).isEqualTo("account-v1");
        assertThat(r.path("metadata").path("original_time").asText()).isEqualTo("2017-04-26T17:31:07Z");
        JsonNode unmapped = r.path("unmapped");
        assertThat(unmapped.path("interface").asText()).isEqualTo("API");
        assertThat(unmapped.path("newValue").asText()).isEqualTo("low");
        assertThat(unmapped.path("oldValue").asText()).isEqualTo("high");
        assertThat(unmapped.path("metadata").path("name").asText()).isEqualTo("security_level");
        assertThat(unmapped.has("owner")).isFalse();
        assertThat(unmapped.has("action")).isFalse();
        assertThat(unmapped.has("when")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = SourceType.class,
            names = {"ACCOUNT_V1", "USER_V1"})
    void anEntryOwnedByTheActingUserNamesNoAccount(SourceType type) throws Exception {
        AuditEntry e = entry(example("login", "true", ACTOR));
        JsonNode r = ocsf(OcsfVersion.V1_8_0, e, type);
        assertThat(r.path("cloud").has("account")).isFalse();
        assertThat(r.path("unmapped").path("owner").path("id").asText()).isEqualTo(ACTOR);
        assertThat(r.path("metadata").path("log_name").asText()).isEqualTo(type.configName());
        JsonNode d = TestEntries.MAPPER.readTree(new EcsFormat().render(e, type));
        assertThat(d.path("cloud").has("account")).isFalse();
        assertThat(d.path("event").path("dataset").asText())
                .isEqualTo("cloudflare." + type.configName().replace('-', '_') + "_audit");
    }

    @Test
    void aUserEntryNamesNoAccountEvenWhenTheOwnerIsAnother() throws Exception {
        JsonNode r = ocsf(OcsfVersion.V1_8_0, entry(example("login", "true", ACCOUNT)), SourceType.USER_V1);
        assertThat(r.path("cloud").has("account")).isFalse();
        assertThat(r.path("unmapped").path("owner").path("id").asText()).isEqualTo(ACCOUNT);
    }

    @Test
    void aResultThatIsNotABooleanIsOtherAndKept() throws Exception {
        AuditEntry e = entry(example("add", "\"true\"", ACCOUNT));
        JsonNode r = ocsf(OcsfVersion.V1_1_0, e, SourceType.ACCOUNT_V1);
        assertThat(r.path("status_id").asInt()).isEqualTo(99);
        assertThat(r.path("unmapped").path("action").path("result").asText()).isEqualTo("true");
        JsonNode d = TestEntries.MAPPER.readTree(new EcsFormat().render(e, SourceType.ACCOUNT_V1));
        assertThat(d.path("event").has("outcome")).isFalse();
        assertThat(d.path("cloudflare").path("action").path("result").asText()).isEqualTo("true");
        assertThat(EntryShape.deviations(e, SourceType.ACCOUNT_V1)).containsExactly("action.result is not a boolean");
    }

    @Test
    void ecsHasTheOutcomeOfTheBooleanAndTheTypeOfTheActivity() throws Exception {
        for (String[] c : new String[][] {{"true", "success", "3"}, {"false", "failure", "6"}}) {
            AuditEntry e = entry(example("rec_add", c[0], ACCOUNT));
            JsonNode d = TestEntries.MAPPER.readTree(new EcsFormat().render(e, SourceType.ACCOUNT_V1));
            assertThat(d.path("event").path("outcome").asText()).isEqualTo(c[1]);
            assertThat(d.path("event").path("type").get(0).asText()).isEqualTo("creation");
            assertThat(d.path("event").path("action").asText()).isEqualTo("rec_add");
            assertThat(d.path("event").path("severity").asInt()).isEqualTo(Integer.parseInt(c[2]));
            assertThat(Severity.of(e, SourceType.ACCOUNT_V1)).isEqualTo(Integer.parseInt(c[2]));
            assertThat(d.path("@timestamp").asText()).isEqualTo("2017-04-26T17:31:07Z");
            assertThat(d.path("source").path("ip").asText()).isEqualTo("198.41.129.166");
            assertThat(d.path("cloud").path("account").path("id").asText()).isEqualTo(ACCOUNT);
            assertThat(d.path("cloudflare").has("when")).isFalse();
            assertThat(EcsValidator.validate(d)).isEmpty();
        }
    }

    @Test
    void cefAndLeefCarryTheV1Fields() {
        AuditEntry e = entry(example("delete", "false", ACCOUNT));
        String cef = new String(new CefFormat().render(e, SourceType.ACCOUNT_V1), StandardCharsets.UTF_8);
        assertThat(cef).startsWith("CEF:0|Cloudflare|Audit Logs|v1|account-v1:delete|delete zone|8|");
        Map<String, String> ext =
                new CefFormat().record(e, SourceType.ACCOUNT_V1).extension();
        assertThat(ext)
                .containsEntry("rt", Long.toString(e.time().toEpochMilli()))
                .containsEntry("act", "delete")
                .containsEntry("outcome", "failure")
                .containsEntry("suser", "michelle@example.com")
                .containsEntry("suid", ACTOR)
                .containsEntry("src", "198.41.129.166")
                .containsEntry("cs1", "API")
                .containsEntry("cs1Label", "Interface")
                .containsEntry("flexString1", ACCOUNT)
                .containsEntry("flexString1Label", "Account ID")
                .containsEntry("flexString2", "example.com");
        Map<String, String> leef =
                new LeefFormat().record(e, SourceType.ACCOUNT_V1).attributes();
        assertThat(leef)
                .containsEntry("sev", "8")
                .containsEntry("outcome", "failure")
                .containsEntry("interface", "API")
                .containsEntry("accountId", ACCOUNT)
                .containsEntry("zoneName", "example.com");
        assertThat(new LeefFormat().record(e, SourceType.ACCOUNT_V1).header())
                .isEqualTo(List.of("Cloudflare", "Audit Logs", "v1", "account-v1:delete", "x09"));
    }

    @Test
    void realisticV1EntriesHaveTheirShapeAndHostileOnesDeviate() {
        assertThat(TestEntries.hostileV1().stream()
                        .filter(e ->
                                !EntryShape.deviations(e, SourceType.USER_V1).isEmpty())
                        .count())
                .isGreaterThanOrEqualTo(5);
        // {"action":"add","actor":["user"],"owner":{"id":42}}
        assertThat(EntryShape.deviations(TestEntries.hostileV1().get(4), SourceType.ACCOUNT_V1))
                .contains("action.type is missing", "actor is not an object", "owner.id is not a string");
    }
}
