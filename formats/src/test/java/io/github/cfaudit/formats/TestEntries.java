package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.simulator.HostileEntries;
import io.github.cfaudit.simulator.SyntheticAuditData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The entries the format tests render: the simulator's realistic and hostile ones, and hostile text everywhere. */
final class TestEntries {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-30T08:15:30.250Z");
    static final String ORG = "3f2b9c5e8d7a4e1f9a6b2c3d4e5f6a7b";
    static final String ACCOUNT = "4bb334f7c94c4a29a045f03944f072e5";
    static final String USER = "7c5dae5552338874e5053f2534d2767a";

    /** Text a careless record writer gets wrong: every separator and escape of CEF, LEEF, JSON and syslog. */
    static final List<String> NASTY = List.of(
            "pipe | and backslash \\ and equals = sign",
            "trailing backslash \\",
            "line\nfeed and carriage\rreturn and crlf\r\n",
            "tab\there, caret ^ and x09",
            "nul \u0000 bell \u0007 del \u007f c1 \u0085 ls \u2028 ps \u2029",
            "lone \ud800 surrogate and a pair \ud83d\ude00",
            "\\n literal backslash-n and \\= and \\|",
            " leading and trailing spaces ",
            "key=value other=thing",
            "cs1=forged suser=admin@example.com",
            "\"quotes\" 'single' <angle> &amp; {\"json\":1}",
            "CEF:0|forged|header|1|x|y|10|",
            "LEEF:2.0|forged|header|1|x|^|",
            "=",
            "\\",
            "|");

    private TestEntries() {}

    static AuditEntry entry(String json, SourceType type) {
        try {
            JsonNode n = MAPPER.readTree(json);
            String time = type == SourceType.INSIGHT
                    ? n.path("changed_at").asText()
                    : isV1(type)
                            ? n.path("when").asText()
                            : n.path("action").path("time").asText();
            return new AuditEntry(
                    n.path("id").asText(),
                    OffsetDateTime.parse(time).toInstant(),
                    json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isV1(SourceType type) {
        return type == SourceType.ACCOUNT_V1 || type == SourceType.USER_V1;
    }

    /** {@code n} realistic entries of each source type, keyed by type. */
    static Map<SourceType, List<AuditEntry>> synthetic(int n) {
        SyntheticAuditData data = new SyntheticAuditData(7L);
        // a generator of its own, so that the v2 and insight entries stay those of the same seed
        SyntheticAuditData v1 = new SyntheticAuditData(12L);
        List<AuditEntry> org = new ArrayList<>();
        List<AuditEntry> account = new ArrayList<>();
        List<AuditEntry> insight = new ArrayList<>();
        List<AuditEntry> accountV1 = new ArrayList<>();
        List<AuditEntry> userV1 = new ArrayList<>();
        List<String> issues = List.of(data.newIssueId(), data.newIssueId());
        for (int i = 0; i < n; i++) {
            Instant t = T0.plusMillis(1_337L * i);
            org.add(entry(data.organizationEntry(ORG, t), SourceType.ORGANIZATION));
            account.add(entry(data.accountEntry(ACCOUNT, t), SourceType.ACCOUNT));
            insight.add(entry(
                    data.insightEntry(
                            i % 2 == 0 ? "zones" : "accounts",
                            "023e105f4ecef8ad9ca31a8372d0c353",
                            issues.get(i % 2),
                            t),
                    SourceType.INSIGHT));
            accountV1.add(entry(v1.accountV1Entry(ACCOUNT, t), SourceType.ACCOUNT_V1));
            userV1.add(entry(v1.userEntry(USER, t), SourceType.USER_V1));
        }
        return Map.of(
                SourceType.ORGANIZATION,
                org,
                SourceType.ACCOUNT,
                account,
                SourceType.INSIGHT,
                insight,
                SourceType.ACCOUNT_V1,
                accountV1,
                SourceType.USER_V1,
                userV1);
    }

    /** The simulator's hostile audit-log v2 entries. */
    static List<AuditEntry> hostileAudit() {
        List<AuditEntry> out = new ArrayList<>();
        List<String> jsons = HostileEntries.audit(T0);
        for (int i = 0; i < jsons.size(); i++) {
            String json = jsons.get(i);
            try {
                String id = MAPPER.readTree(json).path("id").asText();
                out.add(new AuditEntry(id, T0.plusSeconds(i), json.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The simulator's hostile audit-log v1 entries. */
    static List<AuditEntry> hostileV1() {
        List<AuditEntry> out = new ArrayList<>();
        // the event time is `when`, as the component reads it (whatever RFC 3339 form it has)
        HostileEntries.v1(T0).forEach(json -> out.add(entry(json, SourceType.ACCOUNT_V1)));
        return out;
    }

    /** Hostile insight changes: wrong types, nulls, missing fields, odd text. */
    static List<AuditEntry> hostileInsight() {
        String[] bodies = {
            "\"changed_by\":null,\"field_changed\":null,\"previous_value\":null,\"current_value\":null,\"issue_id\":null",
            "\"changed_by\":12,\"field_changed\":{\"a\":1},\"previous_value\":[1,2],\"current_value\":true,\"issue_id\":7",
            "\"changed_by\":\"\",\"field_changed\":\"\",\"issue_id\":\"\"",
            "\"changed_by\":\"alice\\u0040example.com\",\"field_changed\":\"status\",\"previous_value\":\"a|b=c\\\\d\","
                    + "\"current_value\":\"x\\ny\\tz\\u0000\",\"rationale\":\"lone \\ud800 here\",\"issue_id\":\"i\\u202e1\"",
            "\"changed_by\":\"system\",\"field_changed\":\"user_classification\",\"previous_value\":null,"
                    + "\"current_value\":\"accept_risk\",\"rationale\":null,\"issue_id\":\"abc\",\"zone_id\":\"not-a-number\"",
            "\"unexpected\":{\"nested\":{\"deep\":[{\"x\":\"y\"}]}}",
        };
        List<AuditEntry> out = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            String id = String.format("0193a1b2-0000-7000-8000-%012d", i);
            String json = "{\"id\":\"" + id + "\",\"changed_at\":\"" + T0.plusSeconds(i) + "\"," + bodies[i] + "}";
            out.add(new AuditEntry(id, T0.plusSeconds(i), json.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Realistic entries of {@code type} with each {@link #NASTY} text put into every text field. */
    static List<AuditEntry> nasty(SourceType type) {
        Map<SourceType, List<AuditEntry>> base = synthetic(3);
        List<AuditEntry> out = new ArrayList<>();
        int k = 0;
        for (String text : NASTY) {
            for (AuditEntry e : base.get(type)) {
                ObjectNode n;
                try {
                    n = (ObjectNode) MAPPER.readTree(e.jsonBytes());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                replaceText(n, text);
                String id = "nasty" + (k++);
                n.put("id", id);
                out.add(new AuditEntry(id, e.time(), n.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** Every string value except the event time becomes {@code text}. */
    private static void replaceText(ObjectNode n, String text) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        List<String> keys = new ArrayList<>();
        while (it.hasNext()) {
            keys.add(it.next().getKey());
        }
        for (String key : keys) {
            JsonNode v = n.get(key);
            if (v instanceof ObjectNode o) {
                replaceText(o, text);
            } else if (v.isTextual() && !key.equals("time") && !key.equals("changed_at") && !key.equals("when")) {
                n.put(key, text);
            }
        }
    }

    /** Every entry the tests use, with its source type. */
    static List<Map.Entry<AuditEntry, SourceType>> all(int synthetic) {
        List<Map.Entry<AuditEntry, SourceType>> out = new ArrayList<>();
        synthetic(synthetic).forEach((type, entries) -> entries.forEach(e -> out.add(Map.entry(e, type))));
        for (AuditEntry e : hostileAudit()) {
            out.add(Map.entry(e, SourceType.ORGANIZATION));
            out.add(Map.entry(e, SourceType.ACCOUNT));
        }
        hostileInsight().forEach(e -> out.add(Map.entry(e, SourceType.INSIGHT)));
        for (AuditEntry e : hostileV1()) {
            out.add(Map.entry(e, SourceType.ACCOUNT_V1));
            out.add(Map.entry(e, SourceType.USER_V1));
        }
        for (SourceType type : SourceType.values()) {
            nasty(type).forEach(e -> out.add(Map.entry(e, type)));
        }
        return out;
    }
}
