package io.github.cfaudit.sink.s3;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.RecordingRelay;
import io.github.cfaudit.testing.RecordingRelay.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * {@code object-lock.mode} and {@code object-lock.retain} against a server that implements Object Lock (moto; s3proxy
 * answers 501 to any lock header, see {@link MotoServer}), with a {@link RecordingRelay} between the sink and the
 * server: the lock headers and the Content-MD5 of each body are asserted on the wire, byte for byte, and the retention
 * the server stored is read back.
 */
class S3ObjectLockIT {
    static final String LOCKED = "locked-archive";
    static final String LOCKED_BARE = "locked-bare";
    static final String PLAIN = "plain-archive";

    @Harness
    AuditHarness h;

    @TempDir
    Path dir;

    MotoServer moto;
    RecordingRelay relay;

    @BeforeEach
    void setUp() throws Exception {
        moto = MotoServer.start(dir.resolve("moto.log"));
        relay = RecordingRelay.to(moto.port());
        moto.client().createBucket(r -> r.bucket(LOCKED).objectLockEnabledForBucket(true));
        moto.client()
                .putObjectLockConfiguration(r -> r.bucket(LOCKED)
                        .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                                .rule(rule -> rule.defaultRetention(
                                        d -> d.mode("GOVERNANCE").days(1)))));
        moto.client().createBucket(r -> r.bucket(LOCKED_BARE).objectLockEnabledForBucket(true));
        moto.client().createBucket(r -> r.bucket(PLAIN));
        h.clock.set(DAY.plus(Duration.ofDays(2)));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (relay != null) {
            relay.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** The sink's properties: through the relay to moto. */
    private Map<String, String> sinkProperties(String bucket, String... changes) {
        Map<String, String> p = new HashMap<>();
        String k = "cfaudit.sink.arch.";
        p.put(k + "type", "s3");
        p.put(k + "bucket", bucket);
        p.put(k + "endpoint", "http://127.0.0.1:" + relay.port());
        p.put(k + "path-style", "true");
        p.put(k + "access-key", "lock-test-access");
        p.put(k + "secret-key", "lock-test-secret-4e1d");
        for (int i = 0; i < changes.length; i += 2) {
            p.put(k + changes[i], changes[i + 1]);
        }
        return p;
    }

    private S3Sink sink(CamelContext context, String bucket, String... changes) {
        S3SinkSettings settings = new S3SinkType()
                .parse(ConfigProperties.of(sinkProperties(bucket, changes)).section("cfaudit.sink.arch"));
        return new S3Sink("arch", settings, context);
    }

    private List<HttpRequest> puts(String bucket) {
        return relay.httpRequests().stream()
                .filter(r -> r.method().equals("PUT") && r.path().startsWith("/" + bucket + "/"))
                .toList();
    }

    @Test
    void everyObjectCarriesTheRetentionAndTheContentMd5OfItsBodyOnTheWire() throws Exception {
        h.source("acct", "account", "account-id", ACCOUNT).set("cfaudit.source.acct.page-size", "100");
        TestEntries.account(h.sim, ACCOUNT, 300, DAY.plus(Duration.ofHours(10)), DAY.plus(Duration.ofHours(11)));
        sinkProperties(LOCKED, "object-lock.mode", "governance", "object-lock.retain", "P30D")
                .forEach(h::set);

        Instant before = Instant.now();
        RunSummary run = h.runOnceSingle();
        Instant after = Instant.now();

        assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETE);
        List<HttpRequest> puts = puts(LOCKED);
        assertThat(puts).as("one object per page").hasSize(3);
        for (HttpRequest put : puts) {
            String key = put.path().substring(LOCKED.length() + 2);
            assertThat(put.header("x-amz-object-lock-mode")).isEqualTo("GOVERNANCE");
            Instant until = Instant.parse(put.header("x-amz-object-lock-retain-until-date"));
            assertThat(until)
                    .isBetween(
                            before.plus(Duration.ofDays(30)).minusSeconds(1),
                            after.plus(Duration.ofDays(30)).plusSeconds(1));
            byte[] body = decoded(put);
            assertThat(put.header("Content-MD5")).as(key).isEqualTo(md5(body));
            assertThat(body)
                    .as("the body on the wire is the object stored")
                    .isEqualTo(moto.client()
                            .getObjectAsBytes(r -> r.bucket(LOCKED).key(key))
                            .asByteArray());
            HeadObjectResponse head =
                    moto.client().headObject(r -> r.bucket(LOCKED).key(key));
            assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
            assertThat(head.objectLockRetainUntilDate()).isEqualTo(until);
        }
        assertThat(String.join("\n", relay.allRequestHeads())).doesNotContain("lock-test-secret-4e1d");
    }

    @Test
    void checkSaysTheBucketHasObjectLockAndWritesItsProbeObjectWithTheRetention() throws Exception {
        try (CamelContext context = new DefaultCamelContext();
                S3Sink sink = sink(context, LOCKED, "object-lock.mode", "COMPLIANCE", "object-lock.retain", "P7Y")) {
            assertThat(sink.check())
                    .isEqualTo("bucket " + LOCKED + " writable at http://127.0.0.1:" + relay.port()
                            + " (probe object cloudflare-audit/.cfaudit-check); Object Lock enabled, default "
                            + "retention GOVERNANCE 1 day(s); objects written with COMPLIANCE, retained P7Y from each "
                            + "upload");
        }
        HttpRequest put = puts(LOCKED).get(0);
        assertThat(put.path()).isEqualTo("/" + LOCKED + "/cloudflare-audit/.cfaudit-check");
        assertThat(put.header("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
        assertThat(Instant.parse(put.header("x-amz-object-lock-retain-until-date")))
                .isAfter(Instant.now().plus(Duration.ofDays(365 * 7 - 1)));
        assertThat(put.header("Content-MD5")).isEqualTo(md5(decoded(put)));

        try (CamelContext context = new DefaultCamelContext();
                S3Sink sink = sink(context, LOCKED_BARE)) {
            assertThat(sink.check()).endsWith("); Object Lock enabled, no default retention");
        }
        try (CamelContext context = new DefaultCamelContext();
                S3Sink sink = sink(context, PLAIN)) {
            assertThat(sink.check()).endsWith("); Object Lock not enabled");
        }
    }

    @Test
    void checkFailsWhenTheOptionsAskForALockTheBucketCannotKeep() throws Exception {
        try (CamelContext context = new DefaultCamelContext();
                S3Sink sink = sink(context, PLAIN, "object-lock.mode", "GOVERNANCE", "object-lock.retain", "P30D")) {
            assertThat(catchThrowableOfType(S3SinkException.class, sink::check).getMessage())
                    .contains(
                            "S3 sink 'arch'",
                            "cfaudit.sink.arch.object-lock.mode and cfaudit.sink.arch.object-lock.retain are set",
                            "bucket " + PLAIN + " has no Object Lock",
                            "enable Object Lock on the bucket");
        }
        assertThat(puts(PLAIN)).as("nothing written").isEmpty();
    }

    @Test
    void uploadsToABucketWithoutObjectLockFailAndTheCheckpointStays() {
        h.source("acct", "account", "account-id", ACCOUNT);
        TestEntries.account(h.sim, ACCOUNT, 10, DAY.plus(Duration.ofHours(1)), DAY.plus(Duration.ofHours(2)));
        sinkProperties(PLAIN, "object-lock.mode", "GOVERNANCE", "object-lock.retain", "P30D")
                .forEach(h::set);

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.failure()).contains("ObjectLockConfiguration");
        assertThat(h.checkpoint("acct")).isEmpty();
    }

    /** The body as the client meant it: an {@code aws-chunked} body without its chunk framing. */
    static byte[] decoded(HttpRequest r) {
        String sha = r.header("x-amz-content-sha256");
        if (sha == null || !sha.startsWith("STREAMING-")) {
            return r.body();
        }
        byte[] b = r.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(b, at);
            String line = new String(b, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = line.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? line : line.substring(0, semicolon), 16);
            at = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(b, at, size);
            at += size + 2;
        }
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i < b.length - 1; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no chunk header at " + from);
    }

    static String md5(byte[] body) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("MD5").digest(body));
    }
}
