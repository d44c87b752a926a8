package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Elastic Common Schema 8.x documents, one JSON object per entry: every field is either an ECS field of the type
 * ECS defines or under {@code cloudflare.}, which holds what ECS has no field for, in the entry's own structure.
 * {@code event.original} (the verbatim entry) is optional. The mapping, field by field: docs/formats.md.
 */
public final class EcsFormat implements RecordFormat {
    public static final String NAME = "ecs";
    /** The ECS release the documents follow ({@code ecs.version}). */
    public static final String ECS_VERSION = "8.17.0";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final boolean original;

    /** Without {@code event.original}. */
    public EcsFormat() {
        this(false);
    }

    /** @param original whether each document carries the verbatim entry as {@code event.original} */
    public EcsFormat(boolean original) {
        this.original = original;
    }

    public boolean original() {
        return original;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mediaType() {
        return "application/json";
    }

    @Override
    public void write(AuditEntry entry, SourceType type, OutputStream out) throws IOException {
        Objects.requireNonNull(type, "type == null");
        EntryTree.MAPPER.writeValue(out, document(entry, type, EntryTree.of(entry, type)));
    }

    @Override
    public List<String> writeChecked(AuditEntry entry, SourceType type, OutputStream out) throws IOException {
        Objects.requireNonNull(type, "type == null");
        EntryTree t = EntryTree.of(entry, type);
        List<String> deviations = EntryShape.deviations(t, type);
        EntryTree.MAPPER.writeValue(out, document(entry, type, t));
        return deviations;
    }

    /** The document as a tree (what {@link #write} serialises), every node parsed: a tree to walk. */
    public ObjectNode document(AuditEntry entry, SourceType type) {
        Objects.requireNonNull(type, "type == null");
        return document(entry, type, EntryTree.of(entry));
    }

    /**
     * The document mapped from {@code t}: from {@link EntryTree#of(AuditEntry, SourceType)}, fields under
     * {@code cloudflare} may be nodes holding the entry's JSON text unparsed, to serialise, not to walk.
     */
    ObjectNode document(AuditEntry entry, SourceType type, EntryTree t) {
        ObjectNode d = F.objectNode();
        d.put("@timestamp", DateTimeFormatter.ISO_INSTANT.format(entry.time()));
        ObjectNode event = d.putObject("event");
        event.put("id", entry.id());
        if (entry.id().equals(t.peekText("id"))) {
            t.text("id");
        }
        event.put("kind", "event");
        event.put("module", "cloudflare");
        if (type == SourceType.INSIGHT) {
            insight(d, event, t);
        } else if (V1Action.isV1(type)) {
            auditLogV1(d, event, type, t);
        } else {
            auditLog(d, event, type, t);
        }
        if (original) {
            event.put("original", Text.clean(entry.json()));
        }
        d.putObject("ecs").put("version", ECS_VERSION);
        ObjectNode rest = t.leftovers();
        if (rest != null) {
            d.set("cloudflare", rest);
        }
        return d;
    }

    private static void auditLog(ObjectNode d, ObjectNode event, SourceType type, EntryTree t) {
        String actionType = t.peekText("action", "type");
        String result = t.peekText("action", "result");
        event.putArray("category").add("api");
        String eventType = actionType == null
                ? "info"
                : switch (actionType) {
                    case "create" -> "creation";
                    case "update" -> "change";
                    case "delete" -> "deletion";
                    case "view" -> "access";
                    default -> "info";
                };
        event.putArray("type").add(eventType);
        event.put("severity", Severity.auditLog(actionType, result));
        String action = t.nonEmptyText("action", "type");
        if (action != null) {
            event.put("action", action);
        }
        if ("success".equals(result) || "failure".equals(result)) {
            event.put("outcome", t.text("action", "result"));
        }
        String provider = t.nonEmptyText("resource", "product");
        event.put("provider", provider != null ? provider : "audit_logs");
        event.put("dataset", "cloudflare." + type.configName() + "_audit");
        t.text("action", "time");
        String description = t.nonEmptyText("action", "description");
        if (description != null) {
            d.put("message", description);
        }

        ObjectNode user = F.objectNode();
        String uid = t.nonEmptyText("actor", "id");
        if (uid != null) {
            user.put("id", uid);
        }
        String email = t.nonEmptyText("actor", "email");
        if (email != null) {
            user.put("name", email);
            user.put("email", email);
        }
        if (!user.isEmpty()) {
            d.set("user", user);
        }
        String ip = t.peekText("actor", "ip_address");
        if (IpLiterals.isIp(ip)) {
            d.putObject("source").put("ip", t.text("actor", "ip_address"));
        }

        ObjectNode http = F.objectNode();
        String ray = t.nonEmptyText("raw", "cf_ray_id");
        String method = t.nonEmptyText("raw", "method");
        if (ray != null || method != null) {
            ObjectNode request = http.putObject("request");
            if (ray != null) {
                request.put("id", ray);
            }
            if (method != null) {
                request.put("method", method);
            }
        }
        Long status = t.integral("raw", "status_code");
        if (status != null) {
            http.putObject("response").put("status_code", status);
        }
        if (!http.isEmpty()) {
            d.set("http", http);
        }
        String uri = t.nonEmptyText("raw", "uri");
        if (uri != null) {
            ObjectNode url = d.putObject("url");
            url.put("original", uri);
            int q = uri.indexOf('?');
            url.put("path", q < 0 ? uri : uri.substring(0, q));
            if (q >= 0) {
                url.put("query", uri.substring(q + 1));
            }
        }
        String agent = t.nonEmptyText("raw", "user_agent");
        if (agent != null) {
            d.putObject("user_agent").put("original", agent);
        }

        ObjectNode cloud = d.putObject("cloud");
        cloud.put("provider", "cloudflare");
        String accountId = t.nonEmptyText("account", "id");
        String accountName = t.nonEmptyText("account", "name");
        if (accountId != null || accountName != null) {
            ObjectNode account = cloud.putObject("account");
            if (accountId != null) {
                account.put("id", accountId);
            }
            if (accountName != null) {
                account.put("name", accountName);
            }
        }
        if (provider != null) {
            cloud.putObject("service").put("name", provider);
        }
        String orgId = t.nonEmptyText("organization", "id");
        if (orgId != null) {
            d.putObject("organization").put("id", orgId);
        }
        related(d, email, d.path("source").path("ip").textValue());
    }

    /** An audit-log v1 entry (account-v1, user-v1); see docs/formats.md. */
    private static void auditLogV1(ObjectNode d, ObjectNode event, SourceType type, EntryTree t) {
        String actionType = t.peekText("action", "type");
        JsonNode result = t.peek("action", "result");
        Boolean ok = result != null && result.isBoolean() ? result.booleanValue() : null;
        int activity = V1Action.activity(actionType);
        event.putArray("category").add("api");
        String eventType = switch (activity) {
            case V1Action.CREATE -> "creation";
            case V1Action.UPDATE -> "change";
            case V1Action.DELETE -> "deletion";
            case V1Action.READ -> "access";
            default -> "info";
        };
        event.putArray("type").add(eventType);
        event.put("severity", Severity.auditLogV1(actionType, ok));
        String action = t.nonEmptyText("action", "type");
        if (action != null) {
            event.put("action", action);
        }
        if (ok != null) {
            t.take("action", "result");
            event.put("outcome", ok ? "success" : "failure");
        }
        event.put("provider", "audit_logs");
        event.put("dataset", "cloudflare." + type.configName().replace('-', '_') + "_audit");
        if (d.path("@timestamp").asText().equals(t.peekText("when"))) {
            t.text("when");
        } // another RFC 3339 form of the time (an offset, another fraction) stays verbatim under cloudflare.when
        String account = V1Action.accountOwner(t, type);

        ObjectNode user = F.objectNode();
        String uid = t.nonEmptyText("actor", "id");
        if (uid != null) {
            user.put("id", uid);
        }
        String email = t.nonEmptyText("actor", "email");
        if (email != null) {
            user.put("name", email);
            user.put("email", email);
        }
        if (!user.isEmpty()) {
            d.set("user", user);
        }
        String ip = t.peekText("actor", "ip");
        if (IpLiterals.isIp(ip)) {
            d.putObject("source").put("ip", t.text("actor", "ip"));
        }
        ObjectNode cloud = d.putObject("cloud");
        cloud.put("provider", "cloudflare");
        if (account != null) {
            cloud.putObject("account").put("id", account);
        }
        related(d, email, d.path("source").path("ip").textValue());
        // actor.type, interface, metadata, newValue/oldValue, owner (user-owned), resource: kept under cloudflare.
    }

    private static void insight(ObjectNode d, ObjectNode event, EntryTree t) {
        event.putArray("category").add("configuration");
        event.putArray("type").add("change");
        String field = t.peekText("field_changed");
        JsonNode current = t.peek("current_value");
        event.put(
                "severity",
                Severity.insight(field, current != null && current.isTextual() ? current.textValue() : null));
        if (field != null && !field.isEmpty()) {
            event.put("action", field + "-change");
        }
        event.put("provider", "security_center");
        event.put("dataset", "cloudflare.insight_audit");
        t.text("changed_at");
        t.dropNull("rationale");
        String rationale = t.text("rationale");
        if (rationale != null) {
            event.put("reason", rationale);
        }
        if (field != null) {
            JsonNode previous = t.peek("previous_value");
            d.put("message", field + " changed from " + display(previous) + " to " + display(current));
        }
        String changedBy = t.nonEmptyText("changed_by");
        if (changedBy != null) {
            ObjectNode user = d.putObject("user");
            user.put("name", changedBy);
            if (changedBy.indexOf('@') > 0) {
                user.put("email", changedBy);
            }
        }
        d.putObject("cloud").put("provider", "cloudflare");
        related(d, changedBy, null);
        // issue_id, field_changed, previous_value, current_value, zone_id: no ECS field, kept under cloudflare.
    }

    private static void related(ObjectNode d, String user, String ip) {
        if (user == null && ip == null) {
            return;
        }
        ObjectNode related = d.putObject("related");
        if (user != null) {
            related.putArray("user").add(user);
        }
        if (ip != null) {
            ArrayNode ips = related.putArray("ip");
            ips.add(ip);
        }
    }

    private static String display(JsonNode v) {
        return v == null || v.isNull() ? "null" : v.isTextual() ? v.textValue() : v.toString();
    }

    @Override
    public String toString() {
        return NAME + (original ? " with event.original" : "");
    }
}
