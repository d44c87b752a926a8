package io.github.cfaudit.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An entry kept verbatim plus the few fields the simulator indexes for sorting and filtering. */
record StoredEntry(EntryKey key, String raw, Map<String, String> fields) {

    /** Dotted paths indexed for the v2 audit-log filters. */
    static final List<String> AUDIT_PATHS = List.of(
            "id",
            "action.type",
            "action.result",
            "actor.context",
            "actor.email",
            "actor.id",
            "actor.ip_address",
            "actor.token_id",
            "actor.token_name",
            "actor.type",
            "raw.cf_ray_id",
            "raw.method",
            "raw.status_code",
            "raw.uri",
            "resource.id",
            "resource.product",
            "resource.scope",
            "resource.type",
            "zone.id",
            "zone.name",
            "account.name");

    /** Paths indexed for the audit-log v1 filters. */
    static final List<String> V1_PATHS =
            List.of("id", "action.type", "actor.ip", "actor.email", "metadata.zone_name", "owner.id");

    /** Paths indexed for the insight audit-log filters. */
    static final List<String> INSIGHT_PATHS = List.of("id", "issue_id", "field_changed", "changed_by");

    static StoredEntry parse(String raw, String timePath, List<String> indexedPaths, long seq) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("entry is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("entry must be a JSON object");
        }
        Map<String, String> fields = new HashMap<>();
        for (String path : indexedPaths) {
            String value = scalar(node, path);
            if (value != null) {
                fields.put(path, value);
            }
        }
        String time = scalar(node, timePath);
        if (time == null) {
            throw new IllegalArgumentException("entry has no " + timePath);
        }
        String id = fields.getOrDefault("id", "");
        return new StoredEntry(new EntryKey(parseTime(time), id, seq), raw, Map.copyOf(fields));
    }

    String id() {
        return key.id();
    }

    Instant time() {
        return key.time();
    }

    String field(String path) {
        return fields.get(path);
    }

    private static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unparsable event time: " + text, e);
        }
    }

    private static String scalar(JsonNode root, String dottedPath) {
        JsonNode node = root;
        for (String part : dottedPath.split("\\.")) {
            node = node.get(part);
            if (node == null) {
                return null;
            }
        }
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
