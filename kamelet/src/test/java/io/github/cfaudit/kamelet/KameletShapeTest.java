package io.github.cfaudit.kamelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.component.CloudflareAuditEndpoint;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.spi.UriParam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Kamelet's definition has the shape the Kamelet catalog gives its own: every property titled, described and
 * typed, secrets marked for the tools that read the catalog, required ones listed, and the properties the same as the
 * ones the template uses; the template's parameters are options of the component with the component's defaults.
 */
class KameletShapeTest {
    static final String RESOURCE = "kamelets/cloudflare-audit-source.kamelet.yaml";
    private static final Set<String> SECRETS = Set.of("apiToken", "apiKey");
    /** The properties in the credentials group: the secrets and the e-mail that goes with the global key. */
    private static final Set<String> CREDENTIALS = Set.of("apiToken", "apiKey", "apiEmail");

    private static final List<String> SECRET_DESCRIPTORS =
            List.of("urn:alm:descriptor:com.tectonic.ui:password", "urn:camel:group:credentials");
    /** Camel's scheduled-poll options, not fields of the endpoint; the Kamelet polls less often than Camel's 500 ms. */
    private static final Set<String> SCHEDULED_POLL_OPTIONS = Set.of("delay", "initialDelay");

    private static Map<String, Object> kamelet;
    private static Map<String, Object> definition;
    private static Map<String, Map<String, Object>> properties;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        try (InputStream in = KameletShapeTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the classpath").isNotNull();
            kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        }
        definition = map(map(kamelet, "spec"), "definition");
        properties = new LinkedHashMap<>();
        map(definition, "properties").forEach((name, p) -> properties.put(name, (Map<String, Object>) p));
    }

    @Test
    void aSourceKameletNamedAsItsFile() {
        assertThat(kamelet).containsEntry("apiVersion", "camel.apache.org/v1").containsEntry("kind", "Kamelet");
        Map<String, Object> metadata = map(kamelet, "metadata");
        assertThat(metadata).containsEntry("name", "cloudflare-audit-source");
        assertThat(map(metadata, "labels")).containsEntry("camel.apache.org/kamelet.type", "source");
        assertThat(map(metadata, "annotations"))
                .containsKeys(
                        "camel.apache.org/kamelet.support.level",
                        "camel.apache.org/catalog.version",
                        "camel.apache.org/kamelet.icon",
                        "camel.apache.org/provider",
                        "camel.apache.org/kamelet.group");
        assertThat(map(metadata, "annotations").get("camel.apache.org/catalog.version"))
                .as("the project's version, filtered in")
                .asString()
                .doesNotContain("@")
                .isNotBlank();
        assertThat((String) definition.get("title")).isNotBlank();
        assertThat((String) definition.get("description")).isNotBlank();
        assertThat(definition).containsEntry("type", "object");
        assertThat(map(kamelet, "spec").get("dependencies"))
                .asList()
                .contains("camel:kamelet")
                .anySatisfy(d -> assertThat(d)
                        .asString()
                        .startsWith("mvn:io.github.cfaudit:camel-cloudflare-audit:")
                        .doesNotContain("@"));
    }

    @Test
    void everyPropertyHasATitleADescriptionAndATypeAndItsDefaultIsOfThatType() {
        assertThat(properties).isNotEmpty();
        properties.forEach((name, p) -> {
            assertThat((String) p.get("title")).as(name + ".title").isNotBlank();
            assertThat((String) p.get("description")).as(name + ".description").isNotBlank();
            assertThat(p.get("type")).as(name + ".type").isIn("string", "integer", "boolean", "number");
            if (p.containsKey("default")) {
                Class<?> type = switch ((String) p.get("type")) {
                    case "integer" -> Integer.class;
                    case "boolean" -> Boolean.class;
                    case "number" -> Number.class;
                    default -> String.class;
                };
                assertThat(p.get("default")).as(name + ".default").isInstanceOf(type);
            }
        });
    }

    @Test
    void secretsAreMarkedAsPasswordsInTheCredentialsGroupAndNothingElseIs() throws Exception {
        Set<String> marked = new TreeSet<>();
        properties.forEach((name, p) -> {
            if ("password".equals(p.get("format"))) {
                marked.add(name);
            }
        });
        assertThat(marked).containsExactlyInAnyOrderElementsOf(SECRETS);
        for (String secret : SECRETS) {
            assertThat(properties.get(secret).get("x-descriptors"))
                    .as(secret + ".x-descriptors")
                    .asList()
                    .containsAll(SECRET_DESCRIPTORS);
        }
        Set<String> credentials = new TreeSet<>();
        properties.forEach((name, p) -> {
            Object descriptors = p.get("x-descriptors");
            if (descriptors instanceof List<?> l && l.contains("urn:camel:group:credentials")) {
                credentials.add(name);
            }
        });
        assertThat(credentials).containsExactlyInAnyOrderElementsOf(CREDENTIALS);
        // the same options the component marks secret
        Set<String> componentSecrets = new TreeSet<>();
        for (Field f : CloudflareAuditEndpoint.class.getDeclaredFields()) {
            UriParam param = f.getAnnotation(UriParam.class);
            if (param != null && param.secret()) {
                componentSecrets.add(f.getName());
            }
        }
        assertThat(componentSecrets).containsExactlyInAnyOrderElementsOf(SECRETS);
    }

    @Test
    void theRequiredPropertiesAreDeclaredWithoutDefaultAndUsedAsRequired() {
        List<String> required = castList(definition.get("required"));
        assertThat(required).containsExactly("sourceName", "type");
        for (String name : required) {
            assertThat(properties).containsKey((String) name);
            assertThat(properties.get(name)).as(name + " has no default").doesNotContainKey("default");
        }
        Map<String, Boolean> used = placeholders();
        required.forEach(name ->
                assertThat(used.get(name)).as("{{" + name + "}}, without '?'").isFalse());
    }

    @Test
    void theTemplateUsesExactlyTheDeclaredPropertiesOptionalOnesWithAQuestionMark() {
        Map<String, Boolean> used = placeholders();
        assertThat(used.keySet()).containsExactlyInAnyOrderElementsOf(properties.keySet());
        List<String> required = definition.get("required") == null ? List.of() : castList(definition.get("required"));
        properties.forEach((name, p) -> {
            boolean optional = !required.contains(name) && !p.containsKey("default");
            assertThat(used.get(name))
                    .as(optional ? "{{?" + name + "}}" : "{{" + name + "}}")
                    .isEqualTo(optional);
        });
    }

    @Test
    void theTemplateParametersAreComponentOptionsWithTheComponentsDefaults() throws Exception {
        Map<String, Object> from = map(map(map(kamelet, "spec"), "template"), "from");
        assertThat(from).containsEntry("uri", "cloudflare-audit:{{sourceName}}");
        Map<String, Object> parameters = map(from, "parameters");
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            String option = e.getKey();
            String placeholder = "\\{\\{\\??" + Pattern.quote(option) + "}}";
            if (CREDENTIALS.contains(option)) {
                // a token's '+', '&' or '%' must reach the API as it is
                assertThat((String) e.getValue()).as(option).matches("RAW\\(" + placeholder + "\\)");
            } else {
                assertThat((String) e.getValue()).as(option).matches(placeholder);
            }
            if (SCHEDULED_POLL_OPTIONS.contains(option)) {
                continue;
            }
            Field field = CloudflareAuditEndpoint.class.getDeclaredField(option);
            UriParam param = field.getAnnotation(UriParam.class);
            assertThat(param).as(option + " is a @UriParam of the endpoint").isNotNull();
            Object kameletDefault = properties.get(option).get("default");
            if (!param.defaultValue().isEmpty()) {
                assertThat(String.valueOf(kameletDefault))
                        .as(option + ": the component's default")
                        .isEqualTo(param.defaultValue());
            } else {
                assertThat(kameletDefault)
                        .as(option + " has no default in the component")
                        .isNull();
            }
        }
    }

    /** Every {@code {{name}}} and {@code {{?name}}} in the template: name to whether it had the '?'. */
    private static Map<String, Boolean> placeholders() {
        Map<String, Boolean> used = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        strings(map(map(kamelet, "spec"), "template"), texts);
        Matcher m = Pattern.compile("\\{\\{(\\?)?([^}]+)}}").matcher(String.join("\n", texts));
        while (m.find()) {
            Boolean before = used.put(m.group(2), m.group(1) != null);
            assertThat(before == null || before == (m.group(1) != null))
                    .as(m.group(2) + " used both with and without '?'")
                    .isTrue();
        }
        return used;
    }

    private static void strings(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                out.add(String.valueOf(k));
                strings(v, out);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> strings(v, out));
        } else if (node != null) {
            out.add(node.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        assertThat(v).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return new ArrayList<>(new LinkedHashSet<>((List<String>) o));
    }
}
