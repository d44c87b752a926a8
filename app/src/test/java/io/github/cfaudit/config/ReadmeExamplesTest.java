package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The minimal configuration the README shows, one source of each type and one sink of each type, is valid as written. */
class ReadmeExamplesTest {
    @Test
    void theReadmeConfigurationParsesAsWritten() throws Exception {
        StringBuilder blocks = new StringBuilder();
        boolean properties = false;
        for (String line :
                Files.readString(Path.of("README.md"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("```")) {
                properties = line.equals("```properties");
            } else if (properties) {
                blocks.append(line).append('\n');
            }
        }
        Properties p = new Properties();
        p.load(new StringReader(blocks.toString()));
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));

        AuditConfig config = AuditConfigParser.parse(map, Map.of("CLOUDFLARE_API_TOKEN", "from-the-environment"));

        assertThat(config.sources())
                .extracting(s -> s.type().configName())
                .containsExactlyInAnyOrder("organization", "account", "insight", "account-v1", "user-v1");
        assertThat(config.sinks())
                .extracting(SinkConfig::type)
                .containsExactlyInAnyOrder("file", "s3", "syslog", "endpoint");
    }
}
