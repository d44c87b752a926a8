package io.github.cfaudit.sink.s3;

import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.Tinyproxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The S3 sink through a real HTTP proxy (tinyproxy), with Basic authentication, and past it for no-proxy hosts. */
class S3SinkProxyIT {
    static final String BUCKET = "audit-archive";

    @Harness
    AuditHarness h;

    @S3Server(bucket = BUCKET)
    S3ProxyServer s3;

    @BeforeEach
    void setUp() {
        h.clock.set(DAY.plus(Duration.ofDays(2)));
        h.source("acct", "account", "account-id", AuditHarness.ACCOUNT).set("cfaudit.source.acct.page-size", "10");
        h.accountEntriesEveryMinute("e%02d", 25, DAY.plus(Duration.ofHours(1)));
        s3.sinkProperties("arch", BUCKET).forEach(h::set);
    }

    @Test
    void objectsArePutThroughTheProxyWithBasicAuthentication() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"), "s3user", "s3-proxy-pass-77")) {
            Path password = Files.writeString(h.dir.resolve("pw"), "s3-proxy-pass-77\n");
            h.set("cfaudit.sink.arch.proxy", proxy.url())
                    .set("cfaudit.sink.arch.proxy-username", "s3user")
                    .set("cfaudit.sink.arch.proxy-password-file", password.toString());
            RunSummary run = h.runOnceSingle();
            assertThat(run.outcome()).as(String.valueOf(run.failure())).isEqualTo(RunOutcome.COMPLETE);
            assertThat(s3.keys(BUCKET, "cloudflare-audit/")).hasSize(3);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> proxy.requests().stream()
                                    .filter(l -> l.startsWith("PUT "))
                                    .count()
                            >= 3);
            assertThat(proxy.requests())
                    .filteredOn(l -> l.startsWith("PUT "))
                    .allSatisfy(l -> assertThat(l)
                            .startsWith("PUT " + s3.endpoint() + "/" + BUCKET + "/cloudflare-audit/acct/"));
        }
    }

    @Test
    void aHostInNoProxyIsReachedDirectly() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(h.dir.resolve("proxy"))) {
            h.set("cfaudit.sink.arch.proxy", proxy.url()).set("cfaudit.sink.arch.no-proxy", "localhost,127.0.0.1");
            RunSummary run = h.runOnceSingle();
            assertThat(run.outcome()).as(String.valueOf(run.failure())).isEqualTo(RunOutcome.COMPLETE);
            assertThat(s3.keys(BUCKET, "cloudflare-audit/")).hasSize(3);
            assertThat(proxy.requests()).isEmpty();
        }
    }
}
