package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed option reference and {@code application.properties} are what the declarations produce. With
 * {@code -Dcfaudit.regenerate=true} the test writes them instead.
 */
class ConfigurationDocsTest {
    private static final boolean REGENERATE = Boolean.getBoolean("cfaudit.regenerate");

    @Test
    void configurationMarkdownIsGeneratedFromTheDeclarations() throws Exception {
        check(Path.of(ConfigurationDocs.MARKDOWN), ConfigurationDocs.markdown());
    }

    @Test
    void applicationPropertiesIsGeneratedFromTheDeclarations() throws Exception {
        check(Path.of(ConfigurationDocs.PROPERTIES), ConfigurationDocs.properties());
    }

    @Test
    void everyOptionOfEveryGroupIsInBothFiles() {
        String md = ConfigurationDocs.markdown();
        String props = ConfigurationDocs.properties();
        for (OptionGroup g : OptionCatalog.groups()) {
            for (Option<?> o : g.options()) {
                assertThat(md).contains("| `" + o.documentedName() + "`");
                assertThat(props)
                        .containsPattern(
                                "(?m)^#?cfaudit\\.[a-z0-9.-]*\\." + o.name().replace(".", "\\.") + "[.=]");
            }
        }
    }

    @Test
    void theShippedPropertiesParse() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.load(new java.io.StringReader(ConfigurationDocs.properties()));
        java.util.Map<String, String> map = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        map.put("cfaudit.source.account.account-id", "023e105f4ecef8ad9ca31a8372d0c353");
        AuditConfig config = AuditConfigParser.parse(map, java.util.Map.of("CLOUDFLARE_API_TOKEN", "t"));
        assertThat(config.sources()).extracting(SourceConfig::name).containsExactly("account");
        assertThat(config.sinks()).extracting(SinkConfig::name).containsExactlyInAnyOrder("archive", "failures");
    }

    private static void check(Path file, String generated) throws Exception {
        if (REGENERATE) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, generated, StandardCharsets.UTF_8);
            return;
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as(file + " differs from what the option declarations produce; regenerate it with\n  "
                        + ConfigurationDocs.REGENERATE + "\nand commit it")
                .isEqualTo(generated);
    }
}
