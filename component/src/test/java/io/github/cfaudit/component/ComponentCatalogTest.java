package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.GlobalOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.tooling.model.ComponentModel;
import org.apache.camel.tooling.model.JsonMapper;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The component JSON that camel-component-maven-plugin generated, as tooling reads it: Camel's catalog validates
 * {@code cloudflare-audit:} URIs with it, and it describes every option and header.
 */
class ComponentCatalogTest {
    static final String JSON = "META-INF/io/github/cfaudit/component/cloudflare-audit.json";

    private static String json;
    private static JsonNode model;
    private static CamelCatalog catalog;

    @BeforeAll
    static void readTheGeneratedJson() throws IOException {
        try (InputStream in = CloudflareAuditComponent.class.getClassLoader().getResourceAsStream(JSON)) {
            assertThat(in).as(JSON + " on the class path").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        model = new ObjectMapper().readTree(json);
        catalog = new DefaultCamelCatalog();
        catalog.addComponent("cloudflare-audit", CloudflareAuditComponent.class.getName(), json);
    }

    @Test
    void theCatalogListsTheComponent() {
        assertThat(catalog.findComponentNames()).contains("cloudflare-audit");
        ComponentModel component = catalog.componentModel("cloudflare-audit");
        assertThat(component.getJavaType()).isEqualTo(CloudflareAuditComponent.class.getName());
        assertThat(component.isConsumerOnly()).isTrue();
        assertThat(component.getSyntax()).isEqualTo("cloudflare-audit:source");
        assertThat(component.getArtifactId()).isEqualTo("camel-cloudflare-audit");
    }

    @Test
    void aMisspelledOptionIsReportedAsUnknown() {
        EndpointValidationResult result = catalog.validateEndpointProperties("cloudflare-audit:org?organisationId=abc");

        assertThat(result.isSuccess()).isFalse();
        assertThat(result.getUnknown()).containsExactly("organisationId");
        assertThat(result.getRequired()).as("type is required").containsExactly("type");
    }

    @Test
    void aCorrectUriIsValid() {
        EndpointValidationResult result = catalog.validateEndpointProperties(
                "cloudflare-audit:acme?type=organization&organizationId=abc&apiToken=x");

        assertThat(result.isSuccess()).as(result.summaryErrorMessage(false)).isTrue();
    }

    @Test
    void theScheduledPollOptionsAreValidOptionsToo() {
        EndpointValidationResult result = catalog.validateEndpointProperties(
                "cloudflare-audit:acme?type=account&accountId=abc&apiToken=x&delay=5000&initialDelay=1000"
                        + "&scheduler=#myScheduler&scheduler.cron=0+*+*+*+*+?&backoffErrorThreshold=3"
                        + "&backoffMultiplier=2");

        assertThat(result.isSuccess()).as(result.summaryErrorMessage(false)).isTrue();
    }

    @Test
    void schedulerQuartzIsFlaggedByTheCatalogAsForCamelsOwnPollingComponents() {
        // ScheduledPollEndpoint's scheduler is an object option: the catalog wants a #reference, also for file:
        EndpointValidationResult ours = catalog.validateEndpointProperties(
                "cloudflare-audit:acme?type=account&accountId=abc&apiToken=x&scheduler=quartz");
        EndpointValidationResult file = catalog.validateEndpointProperties("file:in?scheduler=quartz");

        assertThat(ours.getInvalidReference()).containsOnlyKeys("scheduler");
        assertThat(file.getInvalidReference()).containsOnlyKeys("scheduler");
        assertThat(ours.getUnknown()).isNullOrEmpty();
    }

    @Test
    void aTypeOutsideItsEnumIsReported() {
        EndpointValidationResult result = catalog.validateEndpointProperties("cloudflare-audit:acme?type=zone");

        assertThat(result.isSuccess()).isFalse();
        assertThat(result.getInvalidEnum()).containsKey("type");
    }

    @Test
    void everyEndpointAndComponentOptionHasADescription() {
        assertThat(undescribed(model.get("properties"))).isEmpty();
        assertThat(undescribed(model.get("componentProperties"))).isEmpty();
        assertThat(model.get("component").get("description").asText()).isNotBlank();
    }

    @Test
    void everyAnnotatedFieldOfTheEndpointIsInTheJsonWithADescription() {
        // walks CloudflareAuditEndpoint and the classes it extends (ScheduledPollEndpoint's scheduler options)
        List<String> options = annotatedOptions(CloudflareAuditEndpoint.class);
        assertThat(options).contains("source", "type", "apiToken", "delay", "initialDelay", "scheduler");

        assertThat(missingDescriptions(CloudflareAuditEndpoint.class, model.get("properties")))
                .isEmpty();
    }

    @Test
    void theCheckFailsForAnOptionWithoutDescription() throws IOException {
        JsonNode properties = new ObjectMapper()
                .readTree(
                        "{\"documented\": {\"description\": \"Something.\"}, \"forgotten\": {\"description\": \"\"}}");

        assertThat(missingDescriptions(Undocumented.class, properties)).containsExactly("forgotten", "absent");
    }

    @Test
    void theTokenAndTheKeyAreSecretsAndNothingElseIs() {
        List<String> secret = new ArrayList<>();
        model.get("properties").fields().forEachRemaining(e -> {
            if (e.getValue().get("secret").asBoolean()) {
                secret.add(e.getKey());
            }
        });
        assertThat(secret).containsExactlyInAnyOrder("apiToken", "apiKey");
        assertThat(model.get("properties").get("apiToken").get("label").asText())
                .isEqualTo("security");
        assertThat(model.get("properties").get("apiKey").get("label").asText()).isEqualTo("security");
    }

    @Test
    void theDefaultsAreTheOnesTheOptionsApply() {
        JsonNode p = model.get("properties");
        assertThat(p.get("baseUrl").get("defaultValue").asText()).isEqualTo(ApiConfig.DEFAULT_BASE_URL);
        assertThat(p.get("stateDirectory").get("defaultValue").asText())
                .isEqualTo(GlobalOptions.DEFAULT_STATE_DIRECTORY);
        assertThat(p.get("pageSize").get("defaultValue").asInt()).isEqualTo(1000);
        assertThat(p.get("maxPages").get("defaultValue").asInt()).isEqualTo(10000);
        assertThat(p.get("start").get("defaultValue").asText()).isEqualTo("P1D");
        assertThat(p.get("settle").get("defaultValue").asText()).isEqualTo("PT1M");
        assertThat(p.get("lookback").get("defaultValue").asText()).isEqualTo("PT10M");
        assertThat(p.get("maxRetries").get("defaultValue").asInt()).isEqualTo(5);
        assertThat(p.get("type").get("required").asBoolean()).isTrue();
        assertThat(p.get("source").get("required").asBoolean()).isTrue();
    }

    @Test
    void theHeadersAreThoseOfCloudflareAuditConstants() throws IllegalAccessException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (Field f : CloudflareAuditConstants.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(Metadata.class)) {
                documented.put(
                        (String) f.get(null), f.getAnnotation(Metadata.class).javaType());
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        model.get("headers").fields().forEachRemaining(e -> {
            assertThat(e.getValue().get("description").asText()).as(e.getKey()).isNotBlank();
            headers.put(e.getKey(), e.getValue().get("javaType").asText());
        });

        assertThat(headers)
                .containsOnlyKeys(
                        CloudflareAuditConstants.SOURCE,
                        CloudflareAuditConstants.SOURCE_TYPE,
                        CloudflareAuditConstants.PAGE_NUMBER,
                        CloudflareAuditConstants.WATERMARK,
                        CloudflareAuditConstants.ENTRY_COUNT)
                .isEqualTo(documented);
    }

    @Test
    void camelsOwnJsonReaderReadsIt() throws Exception {
        JsonObject object = (JsonObject) Jsoner.deserialize(json);
        ComponentModel component = JsonMapper.generateComponentModel(object);
        assertThat(component.getEndpointOptions()).extracting(o -> o.getName()).contains("apiToken", "delay");
        assertThat(component.getEndpointHeaders()).hasSize(5);
    }

    /** The options in {@code properties} whose description is missing or blank. */
    private static List<String> undescribed(JsonNode properties) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = e.getValue().get("description");
            if (d == null || d.asText().isBlank()) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    /**
     * The {@code @UriParam}/{@code @UriPath} options of {@code type} and its superclasses that {@code properties} does
     * not describe: absent (the JSON was not generated again) or with a blank description.
     */
    static List<String> missingDescriptions(Class<?> type, JsonNode properties) {
        List<String> missing = new ArrayList<>();
        for (String option : annotatedOptions(type)) {
            JsonNode o = properties.get(option);
            if (o == null
                    || o.get("description") == null
                    || o.get("description").asText().isBlank()) {
                missing.add(option);
            }
        }
        return missing;
    }

    /**
     * The option names of the {@code @UriPath} and {@code @UriParam} fields of {@code type} and its superclasses (for
     * a consumer-only endpoint without the producer options, which the plugin leaves out).
     */
    static List<String> annotatedOptions(Class<?> type) {
        UriEndpoint endpoint = type.getAnnotation(UriEndpoint.class);
        boolean consumerOnly = endpoint != null && endpoint.consumerOnly();
        List<String> names = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                UriParam param = f.getAnnotation(UriParam.class);
                UriPath path = f.getAnnotation(UriPath.class);
                if (param != null
                        && consumerOnly
                        && Arrays.asList(param.label().split(",")).contains("producer")) {
                    continue;
                }
                if (param != null) {
                    names.add(param.name().isEmpty() ? f.getName() : param.name());
                } else if (path != null) {
                    names.add(path.name().isEmpty() ? f.getName() : path.name());
                }
            }
        }
        return names;
    }

    /** Stands for an endpoint with one documented option, one described as blank and one not in the JSON at all. */
    @SuppressWarnings("unused")
    private static final class Undocumented {
        @UriParam(description = "Something.")
        private String documented;

        @UriParam
        private String forgotten;

        @UriParam
        private String absent;
    }
}
