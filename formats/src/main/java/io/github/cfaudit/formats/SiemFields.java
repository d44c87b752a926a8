package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CEF and LEEF records say about an entry, before either format's encoding: the header values and the
 * key-value fields, each with its CEF key (and the label of a CEF custom key) and its LEEF key. Only text values
 * are carried (a number only where the field is a number); an entry's other content is in the JSON formats.
 */
final class SiemFields {
    /** One field: {@code cefLabel} is set for CEF's custom keys (csN, cnN, flexStringN), which need a label key. */
    record Field(String cef, String cefLabel, String leef, String value) {}

    final String deviceVersion;
    final String eventClass;
    final String name;
    final int severity;
    final long time;
    final List<Field> fields = new ArrayList<>();

    private SiemFields(String deviceVersion, String eventClass, String name, int severity, long time) {
        this.deviceVersion = deviceVersion;
        this.eventClass = eventClass;
        this.name = name;
        this.severity = severity;
        this.time = time;
    }

    static SiemFields of(AuditEntry entry, SourceType type) {
        return of(entry, type, EntryTree.of(entry, type));
    }

    static SiemFields of(AuditEntry entry, SourceType type, EntryTree t) {
        if (type == SourceType.INSIGHT) {
            return insight(entry, t);
        }
        return V1Action.isV1(type) ? auditLogV1(entry, type, t) : auditLog(entry, type, t);
    }

    private static SiemFields auditLogV1(AuditEntry entry, SourceType type, EntryTree t) {
        String actionType = t.nonEmptyText("action", "type");
        JsonNode result = t.peek("action", "result");
        Boolean ok = result != null && result.isBoolean() ? result.booleanValue() : null;
        String resourceType = t.nonEmptyText("resource", "type");
        String name = (actionType != null ? actionType : "unknown") + " "
                + (resourceType != null ? resourceType : "resource");
        SiemFields s = new SiemFields(
                "v1",
                eventId(type.configName() + ":" + (actionType != null ? actionType : "unknown")),
                name,
                Severity.auditLogV1(actionType, ok),
                entry.time().toEpochMilli());
        String account = V1Action.accountOwner(t, type);
        s.add("externalId", null, "externalId", entry.id());
        s.add("cat", null, "cat", type.configName());
        s.add("act", null, "act", actionType);
        s.add("outcome", null, "outcome", ok == null ? null : ok ? "success" : "failure");
        s.add("suser", null, "usrName", t.nonEmptyText("actor", "email"));
        s.add("suid", null, "userId", t.nonEmptyText("actor", "id"));
        String ip = t.peekText("actor", "ip");
        if (IpLiterals.isIpv4(ip)) {
            s.add("src", null, "src", ip);
        } else if (IpLiterals.isIpv6(ip)) {
            s.add("c6a2", "Source IPv6 Address", "src", ip);
        }
        s.add("cs1", "Interface", "interface", t.nonEmptyText("interface"));
        s.add("cs2", "Resource Type", "resourceType", resourceType);
        s.add("cs3", "Resource ID", "resource", t.nonEmptyText("resource", "id"));
        s.add("cs5", "Actor Type", "actorType", t.nonEmptyText("actor", "type"));
        s.add("flexString1", "Account ID", "accountId", account);
        s.add("flexString2", "Zone", "zoneName", t.nonEmptyText("metadata", "zone_name"));
        return s;
    }

    private static SiemFields auditLog(AuditEntry entry, SourceType type, EntryTree t) {
        String actionType = t.nonEmptyText("action", "type");
        String result = t.nonEmptyText("action", "result");
        String description = t.nonEmptyText("action", "description");
        String resourceType = t.nonEmptyText("resource", "type");
        String name = description != null
                ? description
                : (actionType != null ? actionType : "unknown") + " "
                        + (resourceType != null ? resourceType : "resource");
        SiemFields s = new SiemFields(
                "v2",
                eventId(type.configName() + ":" + (actionType != null ? actionType : "unknown")),
                name,
                Severity.auditLog(actionType, result),
                entry.time().toEpochMilli());
        s.add("externalId", null, "externalId", entry.id());
        s.add("cat", null, "cat", type.configName());
        s.add("act", null, "act", actionType);
        s.add("outcome", null, "outcome", result);
        s.add("msg", null, "msg", description);
        s.add("suser", null, "usrName", t.nonEmptyText("actor", "email"));
        s.add("suid", null, "userId", t.nonEmptyText("actor", "id"));
        String ip = t.peekText("actor", "ip_address");
        if (IpLiterals.isIpv4(ip)) {
            s.add("src", null, "src", ip);
        } else if (IpLiterals.isIpv6(ip)) {
            // CEF's src is IPv4 only; LEEF's src takes both
            s.add("c6a2", "Source IPv6 Address", "src", ip);
        }
        s.add("requestMethod", null, "requestMethod", t.nonEmptyText("raw", "method"));
        s.add("request", null, "request", t.nonEmptyText("raw", "uri"));
        s.add("requestClientApplication", null, "requestClientApplication", t.nonEmptyText("raw", "user_agent"));
        Long status = t.integral("raw", "status_code");
        s.add("cn1", "HTTP Status", "httpStatus", status == null ? null : Long.toString(status));
        s.add("cs1", "Product", "product", t.nonEmptyText("resource", "product"));
        s.add("cs2", "Resource Type", "resourceType", resourceType);
        s.add("cs3", "Resource ID", "resource", t.nonEmptyText("resource", "id"));
        s.add("cs4", "Ray ID", "rayId", t.nonEmptyText("raw", "cf_ray_id"));
        s.add("cs5", "Actor Type", "actorType", t.nonEmptyText("actor", "type"));
        s.add("cs6", "Actor Context", "actorContext", t.nonEmptyText("actor", "context"));
        String account = t.nonEmptyText("account", "id");
        String organization = t.nonEmptyText("organization", "id");
        if (account != null) {
            s.add("flexString1", "Account ID", "accountId", account);
        } else {
            s.add("flexString1", "Organization ID", "organizationId", organization);
        }
        s.add("flexString2", "Zone", "zoneName", t.nonEmptyText("zone", "name"));
        return s;
    }

    private static SiemFields insight(AuditEntry entry, EntryTree t) {
        String field = t.nonEmptyText("field_changed");
        JsonNode previous = t.peek("previous_value");
        JsonNode current = t.peek("current_value");
        String currentText = current != null && current.isTextual() ? current.textValue() : null;
        String name = field == null
                ? "Insight changed"
                : "Insight " + field + " changed from " + display(previous) + " to " + display(current);
        SiemFields s = new SiemFields(
                "v4",
                eventId("insight:" + (field != null ? field : "unknown")),
                name,
                Severity.insight(field, currentText),
                entry.time().toEpochMilli());
        s.add("externalId", null, "externalId", entry.id());
        s.add("cat", null, "cat", SourceType.INSIGHT.configName());
        s.add("act", null, "act", "update");
        s.add("msg", null, "msg", name);
        s.add("suser", null, "usrName", t.nonEmptyText("changed_by"));
        s.add("cs1", "Field Changed", "fieldChanged", field);
        s.add(
                "cs2",
                "Previous Value",
                "previousValue",
                previous == null || previous.isNull() ? null : display(previous));
        s.add("cs3", "Current Value", "currentValue", current == null || current.isNull() ? null : display(current));
        s.add("cs4", "Rationale", "rationale", t.nonEmptyText("rationale"));
        s.add("cs5", "Insight ID", "insightId", t.nonEmptyText("issue_id"));
        Long zone = t.integral("zone_id");
        s.add("cs6", "Zone ID", "zoneId", zone != null ? Long.toString(zone) : t.nonEmptyText("zone_id"));
        return s;
    }

    private void add(String cef, String label, String leef, String value) {
        if (value != null && !value.isEmpty()) {
            fields.add(new Field(cef, label, leef, value));
        }
    }

    private static String display(JsonNode v) {
        return v == null || v.isNull() ? "null" : v.isTextual() ? v.textValue() : v.toString();
    }

    /** An event id/class: letters, digits and {@code _ . : -}; anything else becomes {@code _}. */
    static String eventId(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.length() > 255 ? sb.substring(0, 255) : sb.toString();
    }
}
