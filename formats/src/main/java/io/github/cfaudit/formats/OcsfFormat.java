package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * OCSF records (the Open Cybersecurity Schema Framework, {@code ocsf/ocsf-schema}), one JSON object per entry:
 * audit-log v2 entries (organization, account) and v1 entries (account-v1, user-v1, their free {@code action.type}
 * classed by {@code V1Action}) as <b>API Activity</b> (class_uid 6003), Security Center insight
 * changes as <b>Entity Management</b> (3004, activity Update: the insight is the managed entity, its previous and
 * current value the entity before and after). Each record declares its version in {@code metadata.version} and
 * validates against that release's definitions; what a release cannot express (1.1.0: {@code http_response}, the
 * {@code PATCH} method) stays under {@code unmapped} with every other field the mapping did not use. The mapping,
 * field by field: docs/formats.md.
 */
public final class OcsfFormat implements RecordFormat {
    public static final String NAME = "ocsf";
    public static final int API_ACTIVITY = 6003;
    public static final int ENTITY_MANAGEMENT = 3004;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> METHODS_1_1 =
            Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "TRACE");

    private final OcsfVersion version;
    private final boolean rawData;

    /** OCSF 1.8.0 without {@code raw_data}. */
    public OcsfFormat() {
        this(OcsfVersion.DEFAULT, false);
    }

    /** @param rawData whether each record carries the verbatim entry as {@code raw_data} */
    public OcsfFormat(OcsfVersion version, boolean rawData) {
        this.version = Objects.requireNonNull(version, "version == null");
        this.rawData = rawData;
    }

    public OcsfVersion version() {
        return version;
    }

    public boolean rawData() {
        return rawData;
    }

    /** The class of the records of a source type: 6003 (API Activity) or 3004 (Entity Management). */
    public static int classUid(SourceType type) {
        return type == SourceType.INSIGHT ? ENTITY_MANAGEMENT : API_ACTIVITY;
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
        EntryTree.MAPPER.writeValue(out, record(entry, type, EntryTree.of(entry, type)));
    }

    @Override
    public List<String> writeChecked(AuditEntry entry, SourceType type, OutputStream out) throws IOException {
        Objects.requireNonNull(type, "type == null");
        EntryTree t = EntryTree.of(entry, type);
        List<String> deviations = EntryShape.deviations(t, type);
        EntryTree.MAPPER.writeValue(out, record(entry, type, t));
        return deviations;
    }

    /** The record as a tree (what {@link #write} serialises), every node parsed: a tree to walk. */
    public ObjectNode record(AuditEntry entry, SourceType type) {
        Objects.requireNonNull(type, "type == null");
        return record(entry, type, EntryTree.of(entry));
    }

    /**
     * The record mapped from {@code t}: from {@link EntryTree#of(AuditEntry, SourceType)}, fields under
     * {@code unmapped} may be nodes holding the entry's JSON text unparsed, to serialise, not to walk.
     */
    ObjectNode record(AuditEntry entry, SourceType type, EntryTree t) {
        if (type == SourceType.INSIGHT) {
            return entityManagement(entry, t);
        }
        return V1Action.isV1(type) ? apiActivityV1(entry, type, t) : apiActivity(entry, type, t);
    }

    /** An audit-log v1 entry (account-v1, user-v1) as API Activity; see docs/formats.md. */
    private ObjectNode apiActivityV1(AuditEntry entry, SourceType type, EntryTree t) {
        ObjectNode r = F.objectNode();
        t.dropNull("action", "type");
        JsonNode actionType = t.peek("action", "type");
        int activity = V1Action.UNKNOWN;
        String activityName = "Unknown";
        String operation = "unknown";
        if (actionType != null) {
            String a = actionType.isTextual() ? actionType.textValue() : null;
            activity = a == null ? V1Action.OTHER : V1Action.activity(a);
            activityName = activity == V1Action.OTHER
                    ? (a != null && !a.isEmpty() ? a : "Other")
                    : ACTIVITY_CAPTIONS[activity];
            if (a != null && !a.isEmpty()) {
                operation = t.text("action", "type");
            }
        }
        classification(r, activity, activityName, 6, "Application Activity", API_ACTIVITY, "API Activity");
        r.put("time", entry.time().toEpochMilli());
        t.dropNull("action", "result");
        JsonNode result = t.peek("action", "result");
        if (result != null) {
            if (result.isBoolean()) {
                t.take("action", "result");
                if (result.booleanValue()) {
                    r.put("status_id", 1).put("status", "Success");
                } else {
                    r.put("status_id", 2).put("status", "Failure");
                }
            } else {
                // not the boolean Cloudflare documents: Other, the value itself kept under unmapped
                r.put("status_id", 99).put("status", "Other");
            }
        }

        String account = V1Action.accountOwner(t, type);
        ObjectNode actor = r.putObject("actor");
        actor.set("user", user(t, "admin"));

        ObjectNode src = r.putObject("src_endpoint");
        String ip = t.peekText("actor", "ip");
        if (IpLiterals.isIp(ip)) {
            src.put("ip", t.text("actor", "ip"));
        } else {
            src.put("name", "unknown");
        }

        r.putObject("api").put("operation", operation);

        ArrayNode resources = F.arrayNode();
        String resourceId = t.nonEmptyText("resource", "id");
        String resourceType = t.nonEmptyText("resource", "type");
        if (resourceId != null || resourceType != null) {
            ObjectNode res = resources.addObject();
            if (resourceId != null) {
                res.put("uid", resourceId);
            } else {
                res.put("name", resourceType);
            }
            if (resourceType != null) {
                res.put("type", resourceType);
            }
        }
        String zoneName = t.nonEmptyText("metadata", "zone_name");
        if (zoneName != null) {
            resources.addObject().put("name", zoneName).put("type", "zone");
        }
        if (!resources.isEmpty()) {
            r.set("resources", resources);
        }

        ObjectNode cloud = r.putObject("cloud");
        cloud.put("provider", "Cloudflare");
        if (account != null) {
            cloud.putObject("account").put("uid", account);
        }

        metadata(r, entry, type, t, "Audit Logs", t.text("when"), "cloud");
        tail(r, entry, t);
        return r;
    }

    private ObjectNode apiActivity(AuditEntry entry, SourceType type, EntryTree t) {
        ObjectNode r = F.objectNode();
        t.dropNull("action", "type");
        JsonNode actionType = t.peek("action", "type");
        int activity = 0;
        String activityName = "Unknown";
        if (actionType != null) {
            String a = actionType.isTextual() ? actionType.textValue() : null;
            activity = a == null
                    ? 99
                    : switch (a) {
                        case "create" -> 1;
                        case "view" -> 2;
                        case "update" -> 3;
                        case "delete" -> 4;
                        default -> 99;
                    };
            // a non-string type stays under unmapped; a string is carried by activity_name
            activityName = activity == 99 ? (a != null ? a : "Other") : ACTIVITY_CAPTIONS[activity];
            if (a != null) {
                t.text("action", "type");
            }
        }
        classification(r, activity, activityName, 6, "Application Activity", API_ACTIVITY, "API Activity");
        r.put("time", entry.time().toEpochMilli());
        status(r, t);
        String description = t.nonEmptyText("action", "description");
        if (description != null) {
            r.put("message", description);
        }

        ObjectNode actor = r.putObject("actor");
        actor.set("user", user(t, null));

        ObjectNode src = r.putObject("src_endpoint");
        String ip = t.peekText("actor", "ip_address");
        if (IpLiterals.isIp(ip)) {
            src.put("ip", t.text("actor", "ip_address"));
        } else {
            // src_endpoint is required and needs one identifying attribute: Cloudflare reported no usable address
            src.put("name", "unknown");
        }

        ObjectNode api = r.putObject("api");
        String operation = description != null
                ? description
                : actionType != null && actionType.isTextual() ? actionType.textValue() : "unknown";
        api.put("operation", operation);
        String product = t.nonEmptyText("resource", "product");
        if (product != null) {
            api.putObject("service").put("name", product);
        }
        String ray = t.nonEmptyText("raw", "cf_ray_id");
        if (ray != null) {
            api.putObject("request").put("uid", ray);
        }

        ObjectNode http = F.objectNode();
        String method = t.peekText("raw", "method");
        if (method != null && (METHODS_1_1.contains(method) || (version.hasPatchMethod() && method.equals("PATCH")))) {
            http.put("http_method", t.text("raw", "method"));
        }
        String uri = t.nonEmptyText("raw", "uri");
        if (uri != null) {
            ObjectNode url = http.putObject("url");
            int q = uri.indexOf('?');
            url.put("path", q < 0 ? uri : uri.substring(0, q));
            if (q >= 0) {
                url.put("query_string", uri.substring(q + 1));
            }
        }
        String agent = t.nonEmptyText("raw", "user_agent");
        if (agent != null) {
            http.put("user_agent", agent);
        }
        if (!http.isEmpty()) {
            r.set("http_request", http);
        }
        Integer code = t.integer("raw", "status_code");
        if (code != null) {
            r.put("status_code", Integer.toString(code));
            if (version.hasHttpResponse()) {
                r.putObject("http_response").put("code", code);
            }
        }

        ArrayNode resources = F.arrayNode();
        String resourceId = t.nonEmptyText("resource", "id");
        String resourceType = t.nonEmptyText("resource", "type");
        if (resourceId != null || resourceType != null) {
            ObjectNode res = resources.addObject();
            if (resourceId != null) {
                res.put("uid", resourceId);
            } else {
                res.put("name", resourceType);
            }
            if (resourceType != null) {
                res.put("type", resourceType);
            }
        }
        String zoneId = t.nonEmptyText("zone", "id");
        String zoneName = t.nonEmptyText("zone", "name");
        if (zoneId != null || zoneName != null) {
            ObjectNode zone = resources.addObject();
            if (zoneId != null) {
                zone.put("uid", zoneId);
            }
            if (zoneName != null) {
                zone.put("name", zoneName);
            }
            zone.put("type", "zone");
        }
        if (!resources.isEmpty()) {
            r.set("resources", resources);
        }

        ObjectNode cloud = r.putObject("cloud");
        cloud.put("provider", "Cloudflare");
        String accountId = t.nonEmptyText("account", "id");
        String accountName = t.nonEmptyText("account", "name");
        if (accountId != null || accountName != null) {
            ObjectNode account = cloud.putObject("account");
            if (accountId != null) {
                account.put("uid", accountId);
            }
            if (accountName != null) {
                account.put("name", accountName);
            }
        }
        String orgId = t.nonEmptyText("organization", "id");
        if (orgId != null) {
            cloud.putObject("org").put("uid", orgId);
        }

        metadata(r, entry, type, t, "Audit Logs", t.text("action", "time"), "cloud");
        tail(r, entry, t);
        return r;
    }

    private ObjectNode entityManagement(AuditEntry entry, EntryTree t) {
        ObjectNode r = F.objectNode();
        classification(r, 3, "Update", 3, "Identity & Access Management", ENTITY_MANAGEMENT, "Entity Management");
        r.put("time", entry.time().toEpochMilli());

        String changedBy = t.nonEmptyText("changed_by");
        boolean actor = changedBy != null;
        if (actor) {
            ObjectNode user = r.putObject("actor").putObject("user");
            user.put("name", changedBy);
            if (version.isEmail(changedBy)) {
                user.put("email_addr", changedBy);
            }
            if (changedBy.equals("system")) {
                user.put("type_id", 3).put("type", "System");
            }
        }

        String issue = t.nonEmptyText("issue_id");
        ObjectNode before = managedInsight(issue);
        ObjectNode after = managedInsight(issue);
        String field = t.peekText("field_changed");
        if (field != null) {
            t.text("field_changed");
            JsonNode previous = t.take("previous_value");
            JsonNode current = t.take("current_value");
            before.putObject("data").set(field, previous == null ? F.nullNode() : previous);
            after.putObject("data").set(field, current == null ? F.nullNode() : current);
            r.put("message", field + " changed from " + display(previous) + " to " + display(current));
        }
        r.set("entity", before);
        r.set("entity_result", after);
        t.dropNull("rationale");
        String rationale = t.text("rationale");
        if (rationale != null) {
            r.put("comment", rationale);
        }
        r.putObject("cloud").put("provider", "Cloudflare");
        String[] profiles = actor && version.entityManagementActorByHostProfile()
                ? new String[] {"cloud", "host"}
                : new String[] {"cloud"};
        metadata(r, entry, SourceType.INSIGHT, t, "Security Center", t.text("changed_at"), profiles);
        tail(r, entry, t);
        return r;
    }

    private static ObjectNode managedInsight(String issue) {
        ObjectNode e = F.objectNode();
        if (issue != null) {
            e.put("uid", issue);
        } else {
            e.put("name", "Security Center insight");
        }
        e.put("type", "Security Center Insight");
        return e;
    }

    private static String display(JsonNode v) {
        return v == null || v.isNull() ? "null" : v.isTextual() ? v.textValue() : v.toString();
    }

    /** @param adminType the {@code actor.type} that is type_id 2 Admin (v1: {@code admin}), or null */
    private ObjectNode user(EntryTree t, String adminType) {
        ObjectNode user = F.objectNode();
        String uid = t.nonEmptyText("actor", "id");
        if (uid != null) {
            user.put("uid", uid);
        }
        String email = t.nonEmptyText("actor", "email");
        if (email != null) {
            // Cloudflare identifies people by their e-mail address: it is their user name
            user.put("name", email);
            if (version.isEmail(email)) {
                user.put("email_addr", email);
            }
        }
        String actorType = t.nonEmptyText("actor", "type");
        if (actorType != null && actorType.equals(adminType)) {
            user.put("type_id", 2).put("type", "Admin");
        } else if (actorType != null) {
            switch (actorType) {
                case "user" -> user.put("type_id", 1).put("type", "User");
                case "system" -> user.put("type_id", 3).put("type", "System");
                default -> user.put("type_id", 99).put("type", actorType);
            }
        }
        if (uid == null && email == null) {
            // a user needs a name, uid or account: the actor's type is the only name Cloudflare gave
            user.put("name", actorType != null ? actorType : "unknown");
        }
        return user;
    }

    private static void status(ObjectNode r, EntryTree t) {
        t.dropNull("action", "result");
        JsonNode result = t.peek("action", "result");
        if (result == null) {
            return;
        }
        String s = result.isTextual() ? result.textValue() : null;
        if ("success".equals(s)) {
            r.put("status_id", 1).put("status", "Success");
        } else if ("failure".equals(s)) {
            r.put("status_id", 2).put("status", "Failure");
        } else {
            r.put("status_id", 99).put("status", s != null ? s : "Other");
        }
        if (s != null) {
            t.text("action", "result");
        }
    }

    private static final String[] ACTIVITY_CAPTIONS = {"Unknown", "Create", "Read", "Update", "Delete"};

    private static void classification(
            ObjectNode r,
            int activity,
            String activityName,
            int category,
            String categoryName,
            int classUid,
            String className) {
        r.put("activity_id", activity);
        r.put("activity_name", activityName);
        r.put("category_uid", category);
        r.put("category_name", categoryName);
        r.put("class_uid", classUid);
        r.put("class_name", className);
        r.put("type_uid", classUid * 100L + activity);
        String caption =
                activity == 99 ? "Other" : activity < ACTIVITY_CAPTIONS.length ? ACTIVITY_CAPTIONS[activity] : "";
        r.put("type_name", className + ": " + caption);
        r.put("severity_id", 1);
        r.put("severity", "Informational");
    }

    private void metadata(
            ObjectNode r,
            AuditEntry entry,
            SourceType type,
            EntryTree t,
            String productName,
            String originalTime,
            String... profiles) {
        ObjectNode m = r.putObject("metadata");
        m.put("version", version.id());
        m.putObject("product").put("vendor_name", "Cloudflare").put("name", productName);
        if (entry.id().equals(t.peekText("id"))) {
            t.text("id");
        }
        m.put("uid", entry.id());
        m.put("log_name", type.configName());
        if (originalTime != null) {
            m.put("original_time", originalTime);
        }
        ArrayNode p = m.putArray("profiles");
        for (String profile : profiles) {
            p.add(profile);
        }
    }

    private void tail(ObjectNode r, AuditEntry entry, EntryTree t) {
        if (rawData) {
            r.put("raw_data", Text.clean(entry.json()));
        }
        ObjectNode rest = t.leftovers();
        if (rest != null) {
            r.set("unmapped", rest);
        }
    }

    @Override
    public String toString() {
        return NAME + " " + version + (rawData ? " with raw_data" : "");
    }
}
