package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether an entry has the shape the mappings expect (Cloudflare's published schema for its source type): the fields
 * the formats map, where present, of the documented JSON type and values. An entry that deviates is still rendered
 * (what maps is mapped, the rest kept as unmapped data); this says so, for a sink that counts such entries. It reads
 * the entry once more, so call it only where the count is wanted.
 */
public final class EntryShape {
    private static final Set<String> ACTION_TYPES = Set.of("create", "view", "update", "delete");
    private static final Set<String> RESULTS = Set.of("success", "failure");
    private static final Set<String> INSIGHT_FIELDS = Set.of("status", "user_classification");

    private EntryShape() {}

    /** The deviations of {@code entry} from the shape of {@code type}'s entries; empty when it has that shape. */
    public static List<String> deviations(AuditEntry entry, SourceType type) {
        return deviations(EntryTree.of(entry, type), type);
    }

    /** The same, read from a tree a format is about to map (before it takes anything out of it). */
    static List<String> deviations(EntryTree t, SourceType type) {
        List<String> out = new ArrayList<>();
        if (type == SourceType.INSIGHT) {
            text(t, out, true, "changed_at");
            oneOf(t, out, INSIGHT_FIELDS, "field_changed");
            text(t, out, true, "changed_by");
            text(t, out, true, "issue_id");
            nullableText(t, out, "previous_value");
            nullableText(t, out, "current_value");
            nullableText(t, out, "rationale");
            JsonNode zone = t.peek("zone_id");
            if (zone != null && !zone.isIntegralNumber()) {
                out.add("zone_id is not an integer");
            }
            return out;
        }
        if (V1Action.isV1(type)) {
            v1(t, out);
            return out;
        }
        oneOf(t, out, ACTION_TYPES, "action", "type");
        oneOf(t, out, RESULTS, "action", "result");
        text(t, out, false, "action", "description");
        JsonNode actor = t.peek("actor");
        if (!(actor != null && actor.isObject())) {
            out.add("actor is not an object");
        } else {
            text(t, out, false, "actor", "id");
            text(t, out, false, "actor", "email");
            text(t, out, false, "actor", "type");
            String ip = t.peekText("actor", "ip_address");
            if (t.peek("actor", "ip_address") != null && !IpLiterals.isIp(ip)) {
                out.add("actor.ip_address is not an IP address");
            }
        }
        for (String f : new String[] {"cf_ray_id", "method", "uri", "user_agent"}) {
            text(t, out, false, "raw", f);
        }
        JsonNode status = t.peek("raw", "status_code");
        if (status != null && !(status.isIntegralNumber() && status.canConvertToInt())) {
            out.add("raw.status_code is not an integer");
        }
        for (String f : new String[] {"id", "product", "type"}) {
            text(t, out, false, "resource", f);
        }
        return out;
    }

    /** Audit logs v1: {@code action.type} free text, {@code action.result} a boolean, {@code when} required. */
    private static void v1(EntryTree t, List<String> out) {
        text(t, out, true, "id");
        text(t, out, true, "when");
        text(t, out, true, "action", "type");
        JsonNode result = t.peek("action", "result");
        if (result == null || !result.isBoolean()) {
            out.add("action.result" + (result == null ? " is missing" : " is not a boolean"));
        }
        JsonNode actor = t.peek("actor");
        if (!(actor != null && actor.isObject())) {
            out.add("actor is not an object");
        } else {
            text(t, out, false, "actor", "id");
            text(t, out, false, "actor", "email");
            text(t, out, false, "actor", "type");
            if (t.peek("actor", "ip") != null && !IpLiterals.isIp(t.peekText("actor", "ip"))) {
                out.add("actor.ip is not an IP address");
            }
        }
        text(t, out, false, "interface");
        text(t, out, false, "owner", "id");
        text(t, out, false, "resource", "id");
        text(t, out, false, "resource", "type");
        JsonNode metadata = t.peek("metadata");
        if (metadata != null && !metadata.isObject()) {
            out.add("metadata is not an object");
        }
    }

    private static void text(EntryTree t, List<String> out, boolean required, String... path) {
        JsonNode n = t.peek(path);
        if (n == null ? required : !n.isTextual()) {
            out.add(String.join(".", path) + (n == null ? " is missing" : " is not a string"));
        }
    }

    private static void nullableText(EntryTree t, List<String> out, String field) {
        JsonNode n = t.peek(field);
        if (n != null && !n.isNull() && !n.isTextual()) {
            out.add(field + " is not a string or null");
        }
    }

    private static void oneOf(EntryTree t, List<String> out, Set<String> values, String... path) {
        JsonNode n = t.peek(path);
        if (n == null || !n.isTextual() || !values.contains(n.textValue())) {
            out.add(String.join(".", path) + (n == null ? " is missing" : " is not one of " + values));
        }
    }
}
