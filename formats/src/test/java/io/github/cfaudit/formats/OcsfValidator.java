package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an OCSF event against the definitions of the release it declares ({@code metadata.version}), read from the
 * facts generated out of ocsf/ocsf-schema (src/test/resources/ocsf/VERSION/schema.json, see
 * src/test/scripts/ocsf_facts.py): the class by class_uid; every attribute defined (outside {@code unmapped}), of its
 * type (base types, regex, range, arrays), none deprecated, enum values defined and sibling captions matching their ids; required
 * attributes present, recursively for objects; at_least_one / just_one constraints; attributes of a profile only when
 * {@code metadata.profiles} declares it, and the required attributes of every declared profile present;
 * type_uid = class_uid * 100 + activity_id; class, category and type names matching their ids.
 */
final class OcsfValidator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, JsonNode> FACTS = new HashMap<>();

    private final JsonNode facts;
    private final List<String> errors = new ArrayList<>();
    private Set<String> profiles = Set.of();

    private OcsfValidator(JsonNode facts) {
        this.facts = facts;
    }

    static synchronized JsonNode facts(String version) {
        return FACTS.computeIfAbsent(version, v -> {
            try (InputStream in = OcsfValidator.class.getResourceAsStream("/ocsf/" + v + "/schema.json")) {
                if (in == null) {
                    throw new IllegalArgumentException("no OCSF facts for version " + v);
                }
                return MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The problems found in {@code event}; empty when it validates. */
    static List<String> validate(JsonNode event) {
        String version = event.path("metadata").path("version").asText(null);
        if (version == null) {
            return List.of("metadata.version: missing");
        }
        OcsfValidator v = new OcsfValidator(facts(version));
        v.event(event);
        return v.errors;
    }

    private void event(JsonNode event) {
        JsonNode cls = null;
        for (JsonNode c : facts.get("classes")) {
            if (c.get("uid").asLong() == event.path("class_uid").asLong(-1)) {
                cls = c;
            }
        }
        if (cls == null) {
            errors.add("class_uid " + event.path("class_uid") + ": no such class");
            return;
        }
        Set<String> declared = new HashSet<>();
        JsonNode p = event.path("metadata").path("profiles");
        p.forEach(x -> declared.add(x.asText()));
        Set<String> classProfiles = new HashSet<>();
        cls.get("profiles").forEach(x -> classProfiles.add(x.asText()));
        for (String d : declared) {
            if (!classProfiles.contains(d)) {
                errors.add("metadata.profiles: " + d + " is not a profile of "
                        + cls.get("caption").asText());
            }
        }
        profiles = declared;
        object("", event, cls.get("attributes"), null);

        long activity = event.path("activity_id").asLong();
        long typeUid = event.path("type_uid").asLong();
        if (typeUid != cls.get("uid").asLong() * 100 + activity) {
            errors.add("type_uid " + typeUid + " != class_uid * 100 + activity_id");
        }
        if (event.path("category_uid").asLong() != cls.get("category_uid").asLong()) {
            errors.add("category_uid " + event.path("category_uid") + " != " + cls.get("category_uid"));
        }
        expectText(event, "class_name", cls.get("caption").asText());
        expectText(event, "category_name", cls.get("category_name").asText());
        String activityCaption = cls.path("attributes")
                .path("activity_id")
                .path("enum")
                .path(Long.toString(activity))
                .asText(null);
        if (event.has("type_name") && activityCaption != null) {
            expectText(event, "type_name", cls.get("caption").asText() + ": " + activityCaption);
        }
    }

    private void expectText(JsonNode n, String field, String expected) {
        if (n.has(field) && !n.get(field).asText().equals(expected)) {
            errors.add(field + " '" + n.get(field).asText() + "' != '" + expected + "'");
        }
    }

    private void object(String path, JsonNode node, JsonNode attrs, JsonNode constraints) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            String at = path.isEmpty() ? name : path + "." + name;
            JsonNode attr = attrs.get(name);
            if (attr == null) {
                errors.add(at + ": not an attribute of this object");
                continue;
            }
            if (attr.path("deprecated").asBoolean()) {
                errors.add(at + ": deprecated in this version");
            }
            String profile = attr.path("profile").asText(null);
            if (profile != null && !profiles.contains(profile)) {
                errors.add(at + ": belongs to profile " + profile + ", which metadata.profiles does not declare");
            }
            if (f.getValue().isNull()) {
                errors.add(at + ": null (leave the attribute out instead)");
                continue;
            }
            value(at, f.getValue(), attr);
        }
        Iterator<Map.Entry<String, JsonNode>> defs = attrs.fields();
        while (defs.hasNext()) {
            Map.Entry<String, JsonNode> d = defs.next();
            JsonNode attr = d.getValue();
            String profile = attr.path("profile").asText(null);
            boolean active = profile == null || profiles.contains(profile);
            if (active && attr.path("requirement").asText().equals("required") && !node.has(d.getKey())) {
                errors.add((path.isEmpty() ? "" : path + ".") + d.getKey() + ": required, missing");
            }
            // a sibling string must be the caption of its id (except Other, 99, where it says what the source said)
            String sibling = attr.path("sibling").asText(null);
            JsonNode id = node.get(d.getKey());
            if (sibling != null && id != null && node.has(sibling) && attr.has("enum")) {
                String caption = attr.get("enum").path(id.asText()).asText(null);
                if (!id.asText().equals("99")
                        && caption != null
                        && !caption.equals(node.get(sibling).asText())) {
                    errors.add((path.isEmpty() ? "" : path + ".") + sibling + " '"
                            + node.get(sibling).asText() + "' is not the caption of " + d.getKey() + " " + id + " ('"
                            + caption + "')");
                }
            }
        }
        if (constraints != null) {
            JsonNode atLeastOne = constraints.get("at_least_one");
            if (atLeastOne != null) {
                boolean any = false;
                for (JsonNode a : atLeastOne) {
                    any |= node.has(a.asText());
                }
                if (!any) {
                    errors.add(path + ": needs at least one of " + atLeastOne);
                }
            }
            JsonNode justOne = constraints.get("just_one");
            if (justOne != null) {
                int n = 0;
                for (JsonNode a : justOne) {
                    n += node.has(a.asText()) ? 1 : 0;
                }
                if (n != 1) {
                    errors.add(path + ": needs exactly one of " + justOne);
                }
            }
        }
    }

    private void value(String at, JsonNode v, JsonNode attr) {
        if (attr.path("is_array").asBoolean()) {
            if (!v.isArray()) {
                errors.add(at + ": must be an array");
                return;
            }
            for (int i = 0; i < v.size(); i++) {
                single(at + "[" + i + "]", v.get(i), attr);
            }
        } else if (v.isArray()) {
            errors.add(at + ": must not be an array");
        } else {
            single(at, v, attr);
        }
    }

    private void single(String at, JsonNode v, JsonNode attr) {
        String type = attr.get("type").asText();
        JsonNode object = type.equals("object") ? null : facts.get("objects").get(type);
        if (object != null) {
            if (!v.isObject()) {
                errors.add(at + ": must be a " + type + " object");
                return;
            }
            object(at, v, object.get("attributes"), object.get("constraints"));
            return;
        }
        if (type.equals("object")) {
            if (!v.isObject()) {
                errors.add(at + ": must be an object");
            }
            return; // unmapped: free form
        }
        scalar(at, v, type);
        JsonNode e = attr.get("enum");
        if (e != null && !e.has(v.asText())) {
            errors.add(at + ": " + v + " is not one of the enum values " + fieldNames(e));
        }
    }

    private void scalar(String at, JsonNode v, String type) {
        JsonNode def = facts.get("types").get(type);
        if (def == null) {
            errors.add(at + ": type " + type + " is neither a type nor an object of this version");
            return;
        }
        if (def.has("type")) {
            scalar(at, v, def.get("type").asText());
        }
        switch (type) {
            case "string_t" -> check(at, v.isTextual(), "must be a string");
            case "integer_t" -> check(at, v.isIntegralNumber() && v.canConvertToInt(), "must be an integer");
            case "long_t" -> check(at, v.isIntegralNumber() && v.canConvertToLong(), "must be a long");
            case "float_t" -> check(at, v.isNumber(), "must be a number");
            case "boolean_t" -> check(at, v.isBoolean(), "must be a boolean");
            default -> {}
        }
        if (def.has("regex")
                && v.isTextual()
                && !Pattern.compile(def.get("regex").asText())
                        .matcher(v.asText())
                        .find()) {
            errors.add(at + ": '" + v.asText() + "' does not match the " + type + " pattern");
        }
        if (def.has("max_len")
                && v.isTextual()
                && v.asText().length() > def.get("max_len").asInt()) {
            errors.add(at + ": longer than " + def.get("max_len") + " for " + type);
        }
        if (def.has("range") && v.isNumber()) {
            long x = v.asLong();
            if (x < def.get("range").get(0).asLong()
                    || x > def.get("range").get(1).asLong()) {
                errors.add(at + ": " + x + " out of range " + def.get("range"));
            }
        }
    }

    private void check(String at, boolean ok, String message) {
        if (!ok) {
            errors.add(at + ": " + message);
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
