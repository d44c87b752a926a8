package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON formats lose nothing: every value of the entry (every leaf: text, number, boolean, and the field names of
 * objects) appears in the record, mapped or under the unmapped data. JSON nulls are the exception (a null says "no
 * value", which a record says by leaving the attribute out). An audit-log v1 {@code action.result} boolean is said
 * by the status (OCSF {@code status_id} 1 / 2, ECS {@code event.outcome} success / failure).
 */
class NothingLostTest {

    @Test
    void everyValueOfTheEntryIsInTheOcsfRecord() throws Exception {
        for (OcsfVersion v : OcsfVersion.values()) {
            check(new OcsfFormat(v, false));
        }
    }

    @Test
    void everyValueOfTheEntryIsInTheEcsDocument() throws Exception {
        check(new EcsFormat(false));
    }

    private static void check(RecordFormat format) throws Exception {
        List<String> lost = new ArrayList<>();
        for (Map.Entry<AuditEntry, SourceType> e : TestEntries.all(100)) {
            JsonNode entry = TestEntries.MAPPER.readTree(e.getKey().jsonBytes());
            JsonNode record = TestEntries.MAPPER.readTree(format.render(e.getKey(), e.getValue()));
            Set<String> present = new HashSet<>();
            collect(record, present);
            if (record.path("activity_id").asInt() == 2) {
                present.add("view"); // OCSF's caption for it is Read: the id says it one to one
            }
            if (TestEntries.isV1(e.getValue())) {
                // audit logs v1: the boolean action.result is the status (OCSF) or outcome (ECS), one to one
                JsonNode outcome = record.path("event").path("outcome");
                int status = record.path("status_id").asInt();
                if (status == 1 || outcome.asText().equals("success")) {
                    present.add("true");
                } else if (status == 2 || outcome.asText().equals("failure")) {
                    present.add("false");
                }
            }
            List<String> values = new ArrayList<>();
            leaves(entry, values);
            for (String value : values) {
                if (!present.contains(value)) {
                    lost.add(format + " " + e.getKey().id() + ": " + value);
                }
            }
        }
        assertThat(lost).isEmpty();
    }

    /** Every value and field name of the record, as comparable text (case-folded: user is type_id 1 User). */
    private static void collect(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                out.add(norm(f.getKey()));
                collect(f.getValue(), out);
            }
        } else if (n.isArray()) {
            n.forEach(x -> collect(x, out));
        } else if (!n.isNull()) {
            out.add(norm(n.asText()));
            if (n.isTextual() && n.textValue().contains("?")) {
                // a URI is split into path and query
                for (String part : n.textValue().split("\\?", 2)) {
                    out.add(norm(part));
                }
            }
        }
    }

    private static void leaves(JsonNode n, List<String> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                    out.add(norm(f.getValue().asText()));
                } else if (f.getValue().isContainerNode()) {
                    if (f.getValue().isEmpty()) {
                        out.add(norm(f.getKey())); // an empty object or array: its name is what it says
                    }
                    leaves(f.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            for (JsonNode x : n) {
                if (x.isValueNode() && !x.isNull()) {
                    out.add(norm(x.asText()));
                } else {
                    leaves(x, out);
                }
            }
        }
    }

    private static String norm(String s) {
        return Text.clean(s).toLowerCase(Locale.ROOT);
    }
}
