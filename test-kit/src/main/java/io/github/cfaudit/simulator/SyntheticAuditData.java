package io.github.cfaudit.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic (seeded) realistic entries following the OpenAPI schemas, as compact single-line JSON.
 * Audit-log v2 ids are 32 hex chars; v1 ids are UUIDs; insight ids look like UUIDv7 derived from the event time.
 * Times are written with {@link DateTimeFormatter#ISO_INSTANT} (fraction only when non-zero).
 */
public final class SyntheticAuditData {

    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
    private static final String[][] RESOURCES = {
        {"members", "member", "Member"}, {"api_tokens", "token", "API Token"},
        {"dns_records", "dns_record", "DNS Record"}, {"waf", "custom_rule", "WAF Custom Rule"},
        {"workers", "script", "Worker Script"}, {"ssl", "certificate_pack", "Certificate Pack"},
        {"access", "application", "Access Application"}, {"r2", "bucket", "R2 Bucket"},
        {"billing", "subscription", "Subscription"}, {"organizations", "organization", "Organization"}
    };
    private static final String[] CONTEXTS = {"dash", "dash", "api_token", "api_token", "api_key", "oauth"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "cloudflare-go/4.2.0",
        "Terraform/1.9.5 terraform-provider-cloudflare/5.3.0",
        "curl/8.5.0"
    };
    private static final String[] CLASSIFICATIONS = {"false_positive", "accept_risk", "other"};
    private static final String[] RATIONALES = {
        "Reviewed by security team",
        "Expected behaviour for staging",
        "Fixed in change CHG-1042",
        "Accepted until Q3 migration"
    };
    private static final Duration DEFAULT_SPREAD = Duration.ofHours(1);

    private final Random random;

    public SyntheticAuditData(long seed) {
        this.random = new Random(seed);
    }

    public SyntheticAuditData() {
        this(42L);
    }

    /** One organization audit-log v2 entry at {@code time}. */
    public synchronized String organizationEntry(String orgId, Instant time) {
        String[] res = pick(RESOURCES);
        ObjectNode e = auditBase(
                time,
                pick(new String[] {"create", "update", "delete", "view"}),
                res,
                "/organizations/" + orgId + "/" + res[0],
                false);
        e.putObject("organization").put("id", orgId);
        ((ObjectNode) e.get("resource")).put("scope", "organizations");
        return write(reorder(e, "organization"));
    }

    /** One account audit-log v2 entry at {@code time} (GET actions are not logged for accounts). */
    public synchronized String accountEntry(String accountId, Instant time) {
        String[] res = pick(RESOURCES);
        boolean zoned = res[0].equals("dns_records") || res[0].equals("waf") || res[0].equals("ssl");
        String zoneId = zoned ? hex(32) : null;
        String uri = (zoned ? "/zones/" + zoneId : "/accounts/" + accountId) + "/" + res[0];
        ObjectNode e = auditBase(time, pick(new String[] {"create", "update", "delete"}), res, uri, true);
        ObjectNode account = e.putObject("account");
        account.put("id", accountId)
                .put("name", "Example Account " + accountId.substring(0, Math.min(4, accountId.length())));
        String scope = zoned ? "zones" : res[0].equals("members") ? "memberships" : "accounts";
        ((ObjectNode) e.get("resource")).put("scope", scope);
        if (zoned) {
            e.putObject("zone").put("id", zoneId).put("name", pick(new String[] {
                "example.com", "example.net", "shop.example.org", "api.example.dev"
            }));
        }
        return write(reorder(e, "account"));
    }

    /**
     * One account audit-log v1 entry at {@code when}: owned by the account, or about one in eight by the acting user
     * (a user-level log, which {@code hide_user_logs=true} hides).
     */
    public synchronized String accountV1Entry(String accountId, Instant time) {
        String actorId = hex(32);
        return v1Entry(time, actorId, random.nextInt(8) == 0 ? actorId : accountId);
    }

    /** One user audit-log v1 entry at {@code when}, owned by the user {@code userId}, who acted. */
    public synchronized String userEntry(String userId, Instant time) {
        return v1Entry(time, userId, userId);
    }

    private String v1Entry(Instant time, String actorId, String ownerId) {
        String[] types = {"add", "change_setting", "delete", "login", "update", "token_create", "rotate_api_key"};
        String type = pick(types);
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("id", uuid());
        ObjectNode action = e.putObject("action");
        action.put("result", random.nextInt(10) != 0);
        action.put("type", type);
        ObjectNode actor = e.putObject("actor");
        int roll = random.nextInt(20);
        String actorType = roll == 0 ? "Cloudflare" : roll == 1 ? "admin" : "user";
        actor.put("email", actorType.equals("Cloudflare") ? "support@cloudflare.com" : pick(USERS) + "@example.com");
        actor.put("id", actorId);
        actor.put(
                "ip",
                random.nextInt(5) == 0
                        ? "2001:db8::" + Integer.toHexString(1 + random.nextInt(0xfffe))
                        : pick(new String[] {"198.51.100.", "203.0.113.", "192.0.2."}) + (1 + random.nextInt(254)));
        actor.put("type", actorType);
        e.put("interface", random.nextBoolean() ? "API" : "UI");
        String zone = pick(new String[] {"example.com", "example.net", "shop.example.org", "api.example.dev"});
        ObjectNode metadata = e.putObject("metadata");
        if (type.equals("change_setting")) {
            String setting = pick(new String[] {"security_level", "ssl", "min_tls_version", "always_use_https"});
            metadata.put("name", setting)
                    .put("type", "firewall")
                    .put("value", "high")
                    .put("zone_name", zone);
            e.put("newValue", pick(new String[] {"low", "high", "on", "1.2"}));
            e.put("oldValue", pick(new String[] {"medium", "off", "1.0"}));
        } else if (!type.equals("login")) {
            metadata.put("zone_name", zone);
        }
        e.putObject("owner").put("id", ownerId);
        String[] resource = pick(new String[][] {{"zone"}, {"dns_record"}, {"account"}, {"user"}, {"api_token"}});
        e.putObject("resource").put("id", hex(32)).put("type", resource[0]);
        e.put("when", DateTimeFormatter.ISO_INSTANT.format(time));
        return write(e);
    }

    /** One Security Center insight audit-log entry; {@code zone_id} (int64) only for {@code zones} scopes. */
    public synchronized String insightEntry(String scopeKind, String scopeId, String issueId, Instant time) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("id", uuidV7(time));
        e.put("changed_at", DateTimeFormatter.ISO_INSTANT.format(time));
        e.put("changed_by", random.nextBoolean() ? "system" : pick(USERS) + "@example.com");
        if (random.nextInt(10) < 7) {
            boolean resolve = random.nextBoolean();
            e.put("field_changed", "status");
            e.put("previous_value", resolve ? "active" : "resolved");
            e.put("current_value", resolve ? "resolved" : "active");
        } else {
            e.put("field_changed", "user_classification");
            putNullable(e, "previous_value", random.nextBoolean() ? null : pick(CLASSIFICATIONS));
            putNullable(e, "current_value", random.nextInt(5) == 0 ? null : pick(CLASSIFICATIONS));
        }
        putNullable(e, "rationale", random.nextInt(3) == 0 ? pick(RATIONALES) : null);
        e.put("issue_id", issueId);
        if ("zones".equals(scopeKind)) {
            e.put("zone_id", Math.floorMod((long) scopeId.hashCode(), 900_000_000L) + 100_000_000L);
        }
        return write(e);
    }

    /** A fresh 32-hex insight (issue) id. */
    public synchronized String newIssueId() {
        return hex(32);
    }

    /** Adds {@code n} organization entries evenly spread over [from, to); returns their ids in time order. */
    public List<String> populateOrganization(
            CloudflareApiSimulator sim, String orgId, int n, Instant from, Instant to) {
        List<String> ids = new ArrayList<>(n);
        for (Instant t : spread(n, from, to)) {
            String json = organizationEntry(orgId, t);
            sim.addOrganizationEntry(orgId, json);
            ids.add(idOf(json));
        }
        return ids;
    }

    /** Adds {@code n} account entries evenly spread over [from, to); returns their ids in time order. */
    public List<String> populateAccount(CloudflareApiSimulator sim, String accountId, int n, Instant from, Instant to) {
        List<String> ids = new ArrayList<>(n);
        for (Instant t : spread(n, from, to)) {
            String json = accountEntry(accountId, t);
            sim.addAccountEntry(accountId, json);
            ids.add(idOf(json));
        }
        return ids;
    }

    /** Adds {@code n} account v1 entries evenly spread over [from, to); returns their ids in time order. */
    public List<String> populateAccountV1(
            CloudflareApiSimulator sim, String accountId, int n, Instant from, Instant to) {
        List<String> ids = new ArrayList<>(n);
        for (Instant t : spread(n, from, to)) {
            String json = accountV1Entry(accountId, t);
            sim.addAccountV1Entry(accountId, json);
            ids.add(idOf(json));
        }
        return ids;
    }

    /**
     * Adds {@code n} v1 entries of the user whose requests carry {@code user} (see
     * {@link CloudflareApiSimulator#addUserEntry}) evenly spread over [from, to); returns their ids in time order.
     */
    public List<String> populateUser(CloudflareApiSimulator sim, String user, int n, Instant from, Instant to) {
        List<String> ids = new ArrayList<>(n);
        String userId = hex(32);
        for (Instant t : spread(n, from, to)) {
            String json = userEntry(userId, t);
            sim.addUserEntry(user, json);
            ids.add(idOf(json));
        }
        return ids;
    }

    /** Adds {@code n} insight entries over [from, to), cycling through {@code issueIds}; returns their ids. */
    public List<String> populateInsights(
            CloudflareApiSimulator sim,
            String scopeKind,
            String scopeId,
            List<String> issueIds,
            int n,
            Instant from,
            Instant to) {
        List<String> ids = new ArrayList<>(n);
        int i = 0;
        for (Instant t : spread(n, from, to)) {
            String json = insightEntry(scopeKind, scopeId, issueIds.get(i++ % issueIds.size()), t);
            sim.addInsightEntry(scopeKind, scopeId, json);
            ids.add(idOf(json));
        }
        return ids;
    }

    /**
     * Demo helper: {@code n} entries each for the organization, the account and the account's insights
     * (three issues), spread over the hour before {@code until}.
     */
    public void populate(CloudflareApiSimulator sim, String orgId, String accountId, int n, Instant until) {
        Instant from = until.minus(DEFAULT_SPREAD);
        populateOrganization(sim, orgId, n, from, until);
        populateAccount(sim, accountId, n, from, until);
        populateInsights(sim, "accounts", accountId, List.of(newIssueId(), newIssueId(), newIssueId()), n, from, until);
    }

    /** {@code n} instants evenly spread over [from, to), truncated to milliseconds. */
    static List<Instant> spread(int n, Instant from, Instant to) {
        long span = Duration.between(from, to).toNanos();
        List<Instant> times = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long offset = n == 0 ? 0 : (long) ((double) span * i / n);
            times.add(from.plusNanos(offset).truncatedTo(ChronoUnit.MILLIS));
        }
        return times;
    }

    private ObjectNode auditBase(Instant time, String type, String[] res, String uri, boolean account) {
        boolean failure = random.nextInt(10) == 0;
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("id", hex(32));
        ObjectNode action = e.putObject("action");
        action.put("description", verb(type) + " " + res[2]);
        action.put("result", failure ? "failure" : "success");
        action.put("time", DateTimeFormatter.ISO_INSTANT.format(time));
        action.put("type", type);
        e.set("actor", actor(account));
        ObjectNode raw = e.putObject("raw");
        raw.put("cf_ray_id", hex(16));
        raw.put("method", method(type));
        int status = failure ? new int[] {400, 403, 409}[random.nextInt(3)] : 200;
        raw.put("status_code", status);
        String resourceId = hex(32);
        raw.put("uri", type.equals("create") ? uri : uri + "/" + resourceId);
        raw.put("user_agent", pick(AGENTS));
        ObjectNode resource = e.putObject("resource");
        resource.put("id", resourceId);
        resource.put("product", res[0]);
        resource.set("request", request(type));
        resource.set("response", response(failure, resourceId));
        resource.put("type", res[1]);
        return e;
    }

    private ObjectNode actor(boolean account) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        int roll = random.nextInt(20);
        String type = roll == 0 ? "system" : roll == 1 ? "cloudflare_admin" : account && roll == 2 ? "account" : "user";
        String context = pick(CONTEXTS);
        a.put("id", hex(32));
        a.put("context", context);
        if (!type.equals("system")) {
            a.put("email", type.equals("cloudflare_admin") ? "support@cloudflare.com" : pick(USERS) + "@example.com");
        }
        a.put(
                "ip_address",
                random.nextInt(5) == 0
                        ? "2001:db8::" + Integer.toHexString(1 + random.nextInt(0xfffe))
                        : pick(new String[] {"198.51.100.", "203.0.113.", "192.0.2."}) + (1 + random.nextInt(254)));
        if (context.equals("api_token") || context.equals("oauth")) {
            a.put("token_id", hex(32));
            a.put("token_name", pick(new String[] {"terraform-prod", "ci-deploy", "audit-reader", "dns-bot"}));
        }
        a.put("type", type);
        return a;
    }

    private ObjectNode request(String type) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        if (type.equals("delete") || type.equals("view")) {
            return r;
        }
        r.put("name", pick(USERS) + "-" + hex(6));
        if (random.nextBoolean()) {
            r.put("ttl", 60 * (1 + random.nextInt(60)));
        }
        int tags = random.nextInt(6);
        if (tags > 0) {
            ArrayNode arr = r.putArray("tags");
            for (int i = 0; i < tags; i++) {
                arr.add("tag-" + hex(4));
            }
        }
        if (random.nextInt(4) == 0) {
            r.putObject("settings")
                    .put("enabled", random.nextBoolean())
                    .put("mode", pick(new String[] {"block", "challenge", "log"}));
        }
        return r;
    }

    private ObjectNode response(boolean failure, String resourceId) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        if (failure) {
            r.putArray("errors")
                    .addObject()
                    .put("code", 1000 + random.nextInt(9000))
                    .put("message", "Request failed");
            return r;
        }
        r.put("id", resourceId);
        if (random.nextBoolean()) {
            r.put("modified_on", "updated");
        }
        return r;
    }

    private static ObjectNode reorder(ObjectNode e, String scopeField) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String f : new String[] {"id", "account", "action", "actor", scopeField, "raw", "resource", "zone"}) {
            if (e.has(f) && !out.has(f)) {
                out.set(f, e.get(f));
            }
        }
        return out;
    }

    private static String verb(String type) {
        return switch (type) {
            case "create" -> "Add";
            case "update" -> "Update";
            case "delete" -> "Delete";
            default -> "View";
        };
    }

    private String method(String type) {
        return switch (type) {
            case "create" -> "POST";
            case "update" -> random.nextBoolean() ? "PUT" : "PATCH";
            case "delete" -> "DELETE";
            default -> "GET";
        };
    }

    private String uuidV7(Instant time) {
        String ms = String.format("%012x", time.toEpochMilli() & 0xffffffffffffL);
        String rand = hex(15);
        char variant = "89ab".charAt(random.nextInt(4));
        return ms.substring(0, 8) + "-" + ms.substring(8) + "-7" + rand.substring(0, 3) + "-" + variant
                + rand.substring(3, 6) + "-" + rand.substring(6) + hex(3);
    }

    private String uuid() {
        String h = hex(32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-"
                + "89ab".charAt(random.nextInt(4)) + h.substring(17, 20) + "-" + h.substring(20);
    }

    private String hex(int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static void putNullable(ObjectNode e, String field, String value) {
        if (value == null) {
            e.putNull(field);
        } else {
            e.put(field, value);
        }
    }

    private static String idOf(String json) {
        try {
            return Json.MAPPER.readTree(json).path("id").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
