package io.github.cfaudit.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The project can be depended on legally: Apache License 2.0 in the repository, the pom and the packaged jar. */
class LicenseIT {
    @Test
    void theRepositoryAndThePomCarryTheApacheLicense() throws Exception {
        assertThat(Files.readString(Path.of("LICENSE")))
                .contains("Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS");
        assertThat(Path.of("NOTICE")).exists();
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom)
                .contains("<licenses>", "<name>Apache-2.0</name>", "https://www.apache.org/licenses/LICENSE-2.0.txt")
                .contains("<scm>", "<developers>", "<url>");
    }

    @Test
    void thePackagedJarCarriesLicenseAndNotice() throws Exception {
        try (JarFile jar = new JarFile("app/target/camel-cloudflare-audit.jar")) {
            assertThat(jar.getEntry("META-INF/LICENSE")).isNotNull();
            assertThat(jar.getEntry("META-INF/NOTICE")).isNotNull();
            String license = new String(
                    jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(license).contains("Apache License", "Version 2.0");
        }
    }
}
