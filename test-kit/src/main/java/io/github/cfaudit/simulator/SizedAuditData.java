package io.github.cfaudit.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Organization audit-log v2 entries of realistic size for benchmarks: a {@link SyntheticAuditData} entry whose
 * {@code resource.request} and {@code resource.response} objects are grown with plausible content (rule expressions
 * with escaped quotes, labels, policies, some non-ASCII text) so that entries average about {@code avgEntryBytes}
 * UTF-8 bytes, with a varied size: most entries near the base size plus an exponentially distributed extra, and one
 * in a hundred a large change of several kilobytes. Deterministic for a seed. Not thread-safe: use one per thread.
 */
public final class SizedAuditData {

    private static final String[] WORDS = {
        "allow",
        "block",
        "staging",
        "production",
        "edge",
        "origin",
        "cache",
        "worker",
        "route",
        "policy",
        "migration",
        "rollout",
        "review",
        "customer",
        "traffic",
        "header",
        "token",
        "certificate",
        "firewall",
        "ruleset",
        "zone",
        "account",
        "billing",
        "access",
        "tunnel",
        "replica"
    };
    private static final String[] PLACES = {
        "Zürich", "München", "São Paulo", "Kraków", "Île-de-France", "Tōkyō", "Reykjavík", "Málaga"
    };
    private static final String[] PATHS = {
        "/api/v1/login",
        "/wp-admin",
        "/checkout",
        "/graphql",
        "/admin/users",
        "/static/app.js",
        "/healthz",
        "/v2/orders"
    };
    private static final String[] PERMISSIONS = {
        "DNS Read",
        "DNS Write",
        "Zone Settings Read",
        "Workers Scripts Edit",
        "Account Settings Read",
        "Firewall Services Edit",
        "Access: Apps and Policies Edit",
        "Logs Read"
    };

    private final SyntheticAuditData base;
    private final Random random;
    private final int avgEntryBytes;
    private long baseBytes;
    private long baseCount;
    /** Extra bytes asked for and actually added so far: their ratio corrects the systematic over- or undershoot. */
    private double extraAsked = 1;

    private double extraAdded = 1;

    /** @param avgEntryBytes wanted average entry size in UTF-8 bytes; 0 = the base entries unchanged */
    public SizedAuditData(long seed, int avgEntryBytes) {
        this.base = new SyntheticAuditData(seed);
        this.random = new Random(seed * 31 + 7);
        this.avgEntryBytes = Math.max(0, avgEntryBytes);
    }

    /** One organization entry at {@code time}, as compact single-line JSON. */
    public String organizationEntry(String orgId, Instant time) {
        String json = base.organizationEntry(orgId, time);
        int baseSize = json.getBytes(StandardCharsets.UTF_8).length;
        baseBytes += baseSize;
        baseCount++;
        if (avgEntryBytes == 0) {
            return json;
        }
        double meanExtra = Math.max(0, avgEntryBytes - (double) baseBytes / baseCount);
        if (meanExtra < 1) {
            return json;
        }
        double factor;
        if (random.nextInt(100) == 0) {
            factor = 8 + random.nextDouble() * 8; // mean 12: a large change (big ruleset, many policies)
        } else {
            factor = -Math.log(1 - random.nextDouble()) * (1 - 0.12) / 0.99; // exponential, mean ~0.89
        }
        double wanted = meanExtra * factor;
        int extra = (int) Math.round(wanted * Math.min(4, Math.max(0.25, extraAsked / extraAdded)));
        extraAsked += wanted;
        if (extra < 16) {
            return json;
        }
        ObjectNode entry = (ObjectNode) read(json);
        ObjectNode resource = (ObjectNode) entry.get("resource");
        ObjectNode request = resource.get("request") instanceof ObjectNode r ? r : resource.putObject("request");
        ObjectNode response = resource.get("response") instanceof ObjectNode r ? r : resource.putObject("response");
        int forRequest = extra * 11 / 20;
        grow(request, forRequest, true, time);
        grow(response, extra - forRequest, false, time);
        String sized = write(entry);
        extraAdded += sized.getBytes(StandardCharsets.UTF_8).length - baseSize;
        return sized;
    }

    private void grow(ObjectNode target, int bytes, boolean request, Instant time) {
        if (bytes < 8) {
            return;
        }
        int budget = bytes;
        if (!target.has("description") && budget > 60) {
            String text = sentence(6 + random.nextInt(10));
            target.put("description", text);
            budget -= text.getBytes(StandardCharsets.UTF_8).length + 17;
        }
        if (!target.has("labels") && budget > 80) {
            ObjectNode labels = target.putObject("labels");
            labels.put("env", pick(new String[] {"prod", "staging", "dev"}));
            labels.put("team", pick(WORDS) + "-" + pick(WORDS));
            labels.put("region", pick(PLACES));
            budget -= size(labels) + 10;
        }
        ArrayNode items = null;
        while (budget > 150) {
            if (items == null) {
                items = target.putArray(request ? "rules" : "policies");
                budget -= 12;
            }
            ObjectNode item = request ? rule() : policy(time);
            items.add(item);
            budget -= size(item) + 1;
        }
    }

    private ObjectNode rule() {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("id", hex(32));
        r.put("action", pick(new String[] {"block", "challenge", "managed_challenge", "log", "skip"}));
        r.put(
                "expression",
                "(http.request.uri.path contains \"" + pick(PATHS) + "\" and ip.src in {"
                        + (1 + random.nextInt(223)) + "." + random.nextInt(256) + ".0.0/16}) or http.user_agent eq \""
                        + pick(WORDS) + "-bot/" + random.nextInt(10) + "." + random.nextInt(10) + "\"");
        r.put("description", sentence(3 + random.nextInt(6)));
        r.put("enabled", random.nextBoolean());
        r.put("ref", hex(8));
        return r;
    }

    private ObjectNode policy(Instant time) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("id", hex(32));
        p.put("effect", random.nextInt(5) == 0 ? "deny" : "allow");
        ArrayNode groups = p.putArray("permission_groups");
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            groups.addObject().put("id", hex(32)).put("name", pick(PERMISSIONS));
        }
        p.putObject("resources").put("com.cloudflare.api.account.zone." + hex(32), "*");
        p.put("modified_on", DateTimeFormatter.ISO_INSTANT.format(time));
        return p;
    }

    private String sentence(int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(random.nextInt(12) == 0 ? pick(PLACES) : pick(WORDS));
        }
        return sb.toString();
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

    private static int size(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8).length;
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
