package io.github.cfaudit.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.config.ConnectionOptions;
import io.github.cfaudit.config.Option;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged starter jar: its configuration metadata and its auto-configuration registration. */
class StarterJarIT {
    private static final String PREFIX = "camel.component.cloudflare-audit.";
    private static Path jar;

    @BeforeAll
    static void findJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith("camel-cloudflare-audit-starter-")
                                && n.endsWith(".jar")
                                && !n.endsWith("-sources.jar")
                                && !n.endsWith("-javadoc.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no starter jar in target/: run after package"));
        }
    }

    @Test
    void theMetadataListsEveryOptionWithADescription() throws IOException {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        metadata().get("properties").forEach(p -> properties.put(p.get("name").asText(), p));

        List<String> expected = new ArrayList<>(List.of(
                "enabled",
                "bridge-error-handler",
                "autowired-enabled",
                "checkpoint-store",
                "customizer.enabled",
                "connections"));
        // every option of the application's connection (cfaudit.api.*), and a secret's -file variant
        List<Option<?>> connection = new ArrayList<>(List.of(
                ConnectionOptions.TOKEN,
                ConnectionOptions.EMAIL,
                ConnectionOptions.KEY,
                ConnectionOptions.BASE_URL,
                ConnectionOptions.CONNECT_TIMEOUT,
                ConnectionOptions.TIMEOUT,
                ConnectionOptions.RATE_LIMIT,
                ConnectionOptions.MAX_RETRIES,
                ConnectionOptions.RETRY_DELAY));
        connection.addAll(ConnectionOptions.PROXY_OPTIONS);
        for (Option<?> o : connection) {
            expected.add("connection." + o.name());
            if (o.secret()) {
                expected.add("connection." + o.name() + "-file");
            }
        }
        assertThat(properties.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(k -> PREFIX + k).toList());
        assertThat(properties.get(PREFIX + "connections").get("type").asText())
                .isEqualTo("java.util.Map<java.lang.String,io.github.cfaudit.springboot.ConnectionProperties>");
        properties.forEach((name, p) -> assertThat(p.path("description").asText())
                .as("description of %s", name)
                .hasSizeGreaterThan(20));
        assertThat(properties
                        .get(PREFIX + "bridge-error-handler")
                        .get("defaultValue")
                        .asBoolean())
                .isFalse();
        assertThat(properties
                        .get(PREFIX + "connection.rate-limit")
                        .get("description")
                        .asText())
                .contains("1000/PT5M");
    }

    @Test
    void theJarRegistersTheAutoConfigurationAndTheFailureAnalyzer() throws IOException {
        assertThat(entry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
                        .lines()
                        .toList())
                .containsExactly(
                        CloudflareAuditComponentConverter.class.getName(),
                        CloudflareAuditComponentAutoConfiguration.class.getName());
        assertThat(entry("META-INF/spring.factories")).contains(CloudflareAuditFailureAnalyzer.class.getName());
        assertThat(entry("META-INF/LICENSE")).contains("Apache License");
    }

    private static JsonNode metadata() throws IOException {
        return new ObjectMapper().readTree(entry("META-INF/spring-configuration-metadata.json"));
    }

    private static String entry(String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            var e = file.getJarEntry(name);
            assertThat(e).as("%s in %s", name, jar).isNotNull();
            try (InputStream in = file.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
