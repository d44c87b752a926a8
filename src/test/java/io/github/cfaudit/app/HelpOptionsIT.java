package io.github.cfaudit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.config.OptionCatalog;
import io.github.cfaudit.config.OptionGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --help-options TYPE} of the packaged jar prints the declared options of that type, nothing else. */
class HelpOptionsIT {
    private static final Path JAR = Path.of("target/camel-cloudflare-audit.jar");

    @TempDir
    Path dir;

    record Result(int exit, String output) {}

    private Result run(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("java", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve("out.log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not exit: " + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    @Test
    void printsEveryOptionOfASinkTypeWithItsDefault() throws Exception {
        Result r = run("--help-options", "syslog");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .startsWith("Sinks: cfaudit.sink.<name>.*")
                .contains("Sink type=syslog: cfaudit.sink.<name>.*")
                .contains("  protocol  [enum, default: tcp]", "valid: udp, tcp, tls")
                .contains("  key-store-password (or key-store-password-file)  [secret, default: —]", "Secret.")
                .contains("  max-message-size  [integer, default: 8192]", "valid: 480 to 16777216")
                .doesNotContain("bucket", "organization-id", "camel.");
        for (OptionGroup g : OptionCatalog.describe("syslog").orElseThrow()) {
            g.options().forEach(o -> assertThat(r.output()).contains("\n  " + o.documentedName() + " "));
        }
    }

    @Test
    void printsTheOptionsOfASourceTypeAfterThoseOfEverySource() throws Exception {
        Result r = run("--describe", "insight");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("  schedule  [cron, default: 0 * * * * ?]", "  zone-id  [Cloudflare id", "field_changed")
                .doesNotContain("  organization-id");
        assertThat(r.output().indexOf("Sources:")).isLessThan(r.output().indexOf("Source type=insight:"));
    }

    @Test
    void withoutATypeListsTheTypesAndAnUnknownTypeIsAnError() throws Exception {
        Result list = run("--help-options");
        assertThat(list.exit()).isZero();
        assertThat(list.output()).contains("organization, progress, s3, sink, source, state, syslog");
        Result unknown = run("--help-options", "kafka");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("'kafka' is not a source type, sink type or option group", "syslog");
    }
}
