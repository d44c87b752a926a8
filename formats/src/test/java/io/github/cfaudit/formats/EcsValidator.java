package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks an ECS document against the ECS field list (src/test/resources/ecs/fields-VERSION.json, generated from
 * elastic/ecs generated/ecs/ecs_flat.yml by src/test/scripts/ecs_facts.py): every leaf is an ECS field of its type
 * or lies under {@code cloudflare.}; fields ECS normalises to arrays are arrays; allowed values only, and every
 * {@code event.type} one that each {@code event.category} expects.
 */
final class EcsValidator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static JsonNode facts;

    private final List<String> errors = new ArrayList<>();
    private final JsonNode fields;

    private EcsValidator(JsonNode fields) {
        this.fields = fields;
    }

    static synchronized JsonNode facts() {
        if (facts == null) {
            try (InputStream in = EcsValidator.class.getResourceAsStream("/ecs/fields-8.17.0.json")) {
                facts = MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return facts;
    }

    static List<String> validate(JsonNode document) {
        EcsValidator v = new EcsValidator(facts().get("fields"));
        v.walk("", document);
        v.eventTypes(document);
        if (!document.has("@timestamp")) {
            v.errors.add("@timestamp: missing");
        }
        return v.errors;
    }

    private void walk(String prefix, JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String path = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (path.equals("cloudflare") || path.startsWith("cloudflare.")) {
                continue; // the vendor namespace: anything goes
            }
            JsonNode def = fields.get(path);
            JsonNode v = f.getValue();
            if (v.isObject() && (def == null || !isObjectType(def))) {
                walk(path, v);
                continue;
            }
            if (def == null) {
                errors.add(path + ": not an ECS field (and not under cloudflare.)");
                continue;
            }
            if (def.path("array").asBoolean() && !v.isArray()) {
                errors.add(path + ": ECS normalises it to an array");
            }
            if (v.isArray()) {
                for (JsonNode x : v) {
                    scalar(path, x, def);
                }
            } else {
                scalar(path, v, def);
            }
        }
    }

    private static boolean isObjectType(JsonNode def) {
        String t = def.get("type").asText();
        return t.equals("object") || t.equals("flattened") || t.equals("nested");
    }

    private void scalar(String path, JsonNode v, JsonNode def) {
        String type = def.get("type").asText();
        boolean ok = switch (type) {
            case "keyword", "constant_keyword", "wildcard", "text", "match_only_text" -> v.isTextual();
            case "long" -> v.isIntegralNumber() && v.canConvertToLong();
            case "integer", "short", "byte" -> v.isIntegralNumber() && v.canConvertToInt();
            case "float", "double", "scaled_float", "half_float" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "date" -> v.isTextual() && isDate(v.textValue());
            case "ip" -> v.isTextual() && IpLiterals.isIp(v.textValue());
            default -> true;
        };
        if (!ok) {
            errors.add(path + ": " + v + " is not of ECS type " + type);
        }
        JsonNode allowed = def.get("allowed");
        if (allowed != null && !allowed.has(v.asText())) {
            errors.add(path + ": " + v + " is not an allowed value");
        }
    }

    private static boolean isDate(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static JsonNode asArray(JsonNode n) {
        return n.isArray() || n.isMissingNode() ? n : MAPPER.createArrayNode().add(n);
    }

    private void eventTypes(JsonNode d) {
        JsonNode categories = asArray(d.path("event").path("category"));
        JsonNode types = asArray(d.path("event").path("type"));
        JsonNode allowed = fields.get("event.category").get("allowed");
        for (JsonNode c : categories) {
            JsonNode expected = allowed.path(c.asText());
            for (JsonNode t : types) {
                boolean found = false;
                for (JsonNode e : expected) {
                    found |= e.asText().equals(t.asText());
                }
                if (!found) {
                    errors.add("event.type " + t + " is not one category " + c + " expects: " + expected);
                }
            }
        }
    }
}
