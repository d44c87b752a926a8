package io.github.cfaudit.sink.s3;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.PackagedApp;
import io.github.cfaudit.testing.PackagedApp.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check} of the packaged application on an S3 sink: its table says whether the bucket has Object Lock. */
class ObjectLockCheckIT {
    @TempDir
    Path dir;

    MotoServer moto;
    CloudflareApiSimulator sim;

    @BeforeEach
    void setUp() throws Exception {
        moto = MotoServer.start(dir.resolve("moto.log"));
        moto.client().createBucket(r -> r.bucket("locked-archive").objectLockEnabledForBucket(true));
        moto.client()
                .putObjectLockConfiguration(r -> r.bucket("locked-archive")
                        .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                                .rule(rule -> rule.defaultRetention(
                                        d -> d.mode("COMPLIANCE").years(7)))));
        moto.client().createBucket(r -> r.bucket("plain-archive"));
        sim = CloudflareApiSimulator.start().acceptToken("good");
    }

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private Result check(String sinks) throws Exception {
        Path config = dir.resolve("check.properties");
        Files.writeString(config, """
                cfaudit.api.base-url=%s
                cfaudit.api.token=good
                cfaudit.state.directory=%s
                cfaudit.source.acct.type=account
                cfaudit.source.acct.account-id=%s
                """.formatted(sim.baseUrl(), dir.resolve("state"), ACCOUNT) + sinks);
        return PackagedApp.run(
                PackagedApp.javaJar("--config", config.toString(), "--check"), dir, Duration.ofSeconds(90));
    }

    private String s3Sink(String name, String bucket) {
        String p = "cfaudit.sink." + name + ".";
        return p + "type=s3\n" + p + "bucket=" + bucket + "\n" + p + "endpoint=" + moto.endpoint() + "\n" + p
                + "path-style=true\n" + p + "access-key=check-access\n" + p + "secret-key=check-secret-0b7e\n";
    }

    @Test
    void theTableSaysWhetherEachBucketHasObjectLock() throws Exception {
        Result r = check(s3Sink("locked", "locked-archive")
                + "cfaudit.sink.locked.object-lock.mode=COMPLIANCE\ncfaudit.sink.locked.object-lock.retain=P7Y\n"
                + s3Sink("plain", "plain-archive"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .containsPattern("sink locked +OK +bucket locked-archive writable at " + moto.endpoint()
                        + " \\(probe object cloudflare-audit/.cfaudit-check\\); Object Lock enabled, default retention "
                        + "COMPLIANCE 7 year\\(s\\); objects written with COMPLIANCE, retained P7Y from each upload")
                .containsPattern("sink plain +OK +bucket plain-archive writable at .*; Object Lock not enabled")
                .contains("All checks passed.")
                .doesNotContain("check-secret-0b7e");
    }

    @Test
    void aLockTheBucketCannotKeepFailsTheCheck() throws Exception {
        Result r = check(s3Sink("plain", "plain-archive")
                + "cfaudit.sink.plain.object-lock.mode=GOVERNANCE\ncfaudit.sink.plain.object-lock.retain=P90D\n");
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .containsPattern("sink plain +FAILED +.*bucket plain-archive has no Object Lock")
                .contains("Some checks failed.");
    }
}
