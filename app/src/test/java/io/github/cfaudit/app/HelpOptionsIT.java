package io.github.cfaudit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.config.OptionCatalog;
import io.github.cfaudit.config.OptionGroup;
import io.github.cfaudit.testing.PackagedApp;
import io.github.cfaudit.testing.PackagedApp.Result;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --help-options TYPE} of the packaged jar prints the declared options of that type, nothing else. */
class HelpOptionsIT {

    @TempDir
    Path dir;

    private Result run(String... args) throws Exception {
        return PackagedApp.run(PackagedApp.javaJar(args), dir, Duration.ofSeconds(60));
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
                .contains("  codec  [enum, default: cloudflare]", "valid: cloudflare, ocsf, ecs, cef, leef")
                .contains("  ocsf-version  [enum, default: 1.8.0]", "  ecs-event-original  [boolean, default: false]")
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
    void printsTheV1SourceTypes() throws Exception {
        Result account = run("--help-options", "account-v1");
        assertThat(account.exit()).as(account.output()).isZero();
        assertThat(account.output())
                .contains("Source type=account-v1: cfaudit.source.<name>.*", "  account-id  [Cloudflare id")
                .contains("  page-size  [integer, default: 1000]", "per_page")
                .doesNotContain("  organization-id", "  zone-id");
        // the intro is wrapped to the terminal's width
        assertThat(account.output().replaceAll("\\s+", " "))
                .contains("action.type, actor.email (e-mail addresses), actor.ip, hide_user_logs (true or false)")
                .contains("one value each");
        Result user = run("--help-options", "user-v1");
        assertThat(user.exit()).as(user.output()).isZero();
        assertThat(user.output())
                .contains("Source type=user-v1: cfaudit.source.<name>.*")
                .contains("  schedule  [cron, default: 0 * * * * ?]", "  lookback  [", "  push-down  [")
                .doesNotContain("  account-id", "  organization-id");
    }

    @Test
    void withoutATypeListsTheTypesAndAnUnknownTypeIsAnError() throws Exception {
        Result list = run("--help-options");
        assertThat(list.exit()).isZero();
        assertThat(list.output())
                .contains("account, account-v1,")
                .contains("organization, progress, s3, sink, source, state, syslog, user-v1");
        Result unknown = run("--help-options", "kafka");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("'kafka' is not a source type, sink type or option group", "syslog");
    }
}
