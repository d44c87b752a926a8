package io.github.cfaudit.sink.s3;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.sink.s3.S3ProxyServer.StoredObject;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** The S3 sink against a real S3 protocol server (s3proxy: HTTP, SigV4, path-style), fed by the real routes. */
class S3SinkIT {
    static final String BUCKET = "audit-archive";
    /** {@code <prefix><source>/<yyyy>/<MM>/<dd>/<yyyyMMddTHHmmss.SSSZ>_<16 hex>[.part-NNNN].ndjson[.gz]} */
    static final Pattern KEY = Pattern.compile("((?:[a-z-]+/)+)([a-z0-9-]+)/(\\d{4})/(\\d{2})/(\\d{2})/"
            + "(\\d{8}T\\d{6}\\.\\d{3}Z)_([0-9a-f]{16})(\\.part-\\d{4})?\\.ndjson(\\.gz)?");

    static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Harness
    AuditHarness h;

    @S3Server(bucket = BUCKET)
    S3ProxyServer s3;

    @BeforeEach
    void setUp() {
        h.clock.set(DAY.plus(Duration.ofDays(2)));
    }

    private void s3Sink(String name) {
        s3.sinkProperties(name, BUCKET).forEach(h::set);
    }

    @Test
    void multiSourceRunWithPredicatesWritesEachPageAsOneObjectPerEventDate() {
        h.source("acct", "account", "account-id", ACCOUNT).set("cfaudit.source.acct.page-size", "250");
        h.source("org", "organization", "organization-id", ORG).set("cfaudit.source.org.page-size", "250");
        // 24 s apart, across midnight: 5 pages for the account, one of them on both dates
        Instant from = DAY.plus(Duration.ofHours(20));
        Instant to = DAY.plus(Duration.ofHours(28));
        Map<String, String> account = TestEntries.account(h.sim, ACCOUNT, 1200, from, to);
        Map<String, String> org = TestEntries.organization(h.sim, ORG, 300, from, to);
        s3Sink("arch");
        h.set("cfaudit.sink.arch.when", "${header.CloudflareAuditSource} == 'acct'");
        s3Sink("deletes");
        h.set("cfaudit.sink.deletes.prefix", "deletes/only/");
        h.set("cfaudit.sink.deletes.gzip", "false");
        h.set("cfaudit.sink.deletes.when", "jsonpath:$[?(@.action.type == 'delete')]");
        Path all = h.fileSink("all", null);

        List<RunSummary> runs = h.runOnce();

        assertThat(runs).extracting(RunSummary::outcome).containsOnly(RunOutcome.COMPLETE);
        assertThat(runs.get(0).perSink()).containsEntry("arch", 1200L).containsKey("deletes");

        // arch: the account only, gzip, one object per page and date, in key order = event order
        Map<String, StoredObject> arch = s3.readAll(BUCKET, "cloudflare-audit/");
        assertThat(arch.keySet()).allMatch(k -> k.startsWith("cloudflare-audit/acct/2026/11/2"));
        assertThat(arch).hasSize(6);
        assertThat(arch.values()).allSatisfy(o -> {
            assertWellFormed(o, true);
            assertThat(o.lines()).hasSizeLessThanOrEqualTo(250);
        });
        assertThat(lines(arch)).containsExactlyElementsOf(account.values());

        // deletes: both sources, only deletes, plain NDJSON
        Map<String, StoredObject> deletes = s3.readAll(BUCKET, "deletes/only/");
        assertThat(deletes.values()).allSatisfy(o -> assertWellFormed(o, false));
        List<String> expectedDeletes = new ArrayList<>();
        account.values().stream().filter(S3SinkIT::isDelete).forEach(expectedDeletes::add);
        org.values().stream().filter(S3SinkIT::isDelete).forEach(expectedDeletes::add);
        assertThat(expectedDeletes).isNotEmpty();
        assertThat(lines(deletes)).containsExactlyInAnyOrderElementsOf(expectedDeletes);
        assertThat(deletes.keySet())
                .anyMatch(k -> k.startsWith("deletes/only/org/"))
                .anyMatch(k -> k.startsWith("deletes/only/acct/"));

        // the file sink next to them got everything
        assertThat(AuditHarness.lines(all)).hasSize(1500);
    }

    @Test
    void aRerunWritesNothingAndNewEntriesGetNewObjectsOnly() {
        h.source("acct", "account", "account-id", ACCOUNT).set("cfaudit.source.acct.page-size", "100");
        Map<String, String> first = TestEntries.account(
                h.sim, ACCOUNT, 300, DAY.plus(Duration.ofHours(10)), DAY.plus(Duration.ofHours(11)));
        s3Sink("arch");
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        List<String> keys = s3.keys(BUCKET, "");
        assertThat(keys).hasSize(3);
        // take the objects away: anything the rerun writes would show up
        keys.forEach(k -> s3.client().deleteObject(r -> r.bucket(BUCKET).key(k)));

        RunSummary rerun = h.runOnceSingle();

        assertThat(rerun.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(rerun.delivered()).isZero();
        assertThat(s3.keys(BUCKET, "")).isEmpty();

        Map<String, String> later =
                TestEntries.account(h.sim, ACCOUNT, 50, DAY.plus(Duration.ofHours(49)), DAY.plus(Duration.ofHours(50)));
        h.clock.set(DAY.plus(Duration.ofHours(51)));
        RunSummary next = h.runOnceSingle();
        assertThat(next.delivered()).isEqualTo(50);
        Map<String, StoredObject> objects = s3.readAll(BUCKET, "");
        assertThat(objects.keySet()).singleElement().asString().startsWith("cloudflare-audit/acct/2026/11/22/");
        assertThat(lines(objects))
                .containsExactlyElementsOf(later.values())
                .doesNotContainAnyElementsOf(first.values());
    }

    @Test
    void objectLimitsSplitAPageIntoNumberedParts() {
        h.source("acct", "account", "account-id", ACCOUNT).set("cfaudit.source.acct.page-size", "100");
        Map<String, String> entries =
                TestEntries.account(h.sim, ACCOUNT, 200, DAY.plus(Duration.ofHours(1)), DAY.plus(Duration.ofHours(2)));
        s3Sink("arch");
        h.set("cfaudit.sink.arch.max-object-records", "30");
        h.set("cfaudit.sink.arch.max-object-bytes", "16384");

        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);

        Map<String, StoredObject> objects = s3.readAll(BUCKET, "");
        assertThat(objects.values()).allSatisfy(o -> {
            assertWellFormed(o, true);
            assertThat(o.lines()).hasSizeLessThanOrEqualTo(30);
            assertThat(String.join("\n", o.lines()).getBytes(StandardCharsets.UTF_8).length + 1)
                    .isLessThanOrEqualTo(16384);
        });
        assertThat(objects.keySet()).anyMatch(k -> k.contains(".part-0001."));
        assertThat(lines(objects)).containsExactlyElementsOf(entries.values());
    }

    @Test
    void hostileEntryContentNeverReachesAKeyAndIsStoredByteForByte() {
        h.source("acct", "account", "account-id", ACCOUNT);
        List<String> hostileIds = List.of(
                "../../../etc/passwd",
                "a/b/../../c",
                "${header.CamelAwsS3Key}",
                "%2e%2e%2f%00",
                "line\nbreak\r\nand\ttab",
                "\u2028\u2029\u0000",
                "emoji \uD83D\uDE00 <script>",
                "x".repeat(4000),
                "cloudflare-audit/acct/2026/11/20/",
                " ");
        Map<String, String> served = new LinkedHashMap<>();
        Instant t = DAY.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(58));
        for (String id : hostileIds) {
            ObjectNode e = (ObjectNode)
                    TestEntries.parse(new io.github.cfaudit.simulator.SyntheticAuditData(7).accountEntry(ACCOUNT, t));
            e.put("id", id);
            ((ObjectNode) e.get("actor")).put("email", "\"}\n{\"id\":\"forged\"}\\");
            ((ObjectNode) e.get("action")).put("description", "\u202Egnp.exe \u0007 \\u0000 ]]> ' OR 1=1 --");
            String json = e.toString();
            h.sim.addAccountEntry(ACCOUNT, json);
            served.put(id, json);
            t = t.plus(Duration.ofSeconds(61));
        }
        s3Sink("arch");

        RunSummary run = h.runOnceSingle();

        assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(run.delivered()).isEqualTo(hostileIds.size());
        Map<String, StoredObject> objects = s3.readAll(BUCKET, "");
        assertThat(objects.keySet()).allMatch(k -> k.matches("[A-Za-z0-9/._-]+"));
        assertThat(objects.values()).allSatisfy(o -> assertWellFormed(o, true));
        assertThat(lines(objects)).containsExactlyElementsOf(served.values());
        assertThat(lines(objects).stream().map(TestEntries::id)).containsExactlyElementsOf(hostileIds);
    }

    @Test
    void encryptionAndStorageClassArePassedThrough() {
        h.source("acct", "account", "account-id", ACCOUNT);
        TestEntries.account(h.sim, ACCOUNT, 10, DAY.plus(Duration.ofHours(1)), DAY.plus(Duration.ofHours(2)));
        s3Sink("arch");
        h.set("cfaudit.sink.arch.sse", "AES256");
        h.set("cfaudit.sink.arch.storage-class", "STANDARD_IA");

        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);

        String key = s3.keys(BUCKET, "").get(0);
        HeadObjectResponse head = s3.client().headObject(r -> r.bucket(BUCKET).key(key));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(head.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
    }

    /** An S3 sink built from the sink properties pointing at s3proxy, with these changed. */
    private S3Sink checkedSink(CamelContext context, String... changes) {
        Map<String, String> props = new HashMap<>(s3.sinkProperties("arch", BUCKET));
        for (int i = 0; i < changes.length; i += 2) {
            props.put("cfaudit.sink.arch." + changes[i], changes[i + 1]);
        }
        S3SinkSettings settings =
                new S3SinkType().parse(ConfigProperties.of(props).section("cfaudit.sink.arch"));
        return new S3Sink("arch", settings, context);
    }

    private String failedCheck(String... changes) throws Exception {
        try (CamelContext context = new DefaultCamelContext();
                S3Sink sink = checkedSink(context, changes)) {
            return catchThrowableOfType(S3SinkException.class, sink::check).getMessage();
        }
    }

    @Test
    void checkWritesTheProbeObjectWithTheSinksSettingsAndSaysWhatItVerified() throws Exception {
        String key = "cloudflare-audit/.cfaudit-check";
        try (CamelContext context = new DefaultCamelContext();
                S3Sink sink = checkedSink(context)) {
            assertThat(sink.check())
                    .isEqualTo("bucket " + BUCKET + " writable at " + s3.endpoint() + " (probe object " + key + "); "
                            + "Object Lock could not tell: GetObjectLockConfiguration answered HTTP 501 NotImplemented "
                            + "(this service does not implement Object Lock)");
        }
        assertThat(s3.keys(BUCKET, "")).containsExactly(key);
        var probe = s3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
        assertThat(probe.asUtf8String()).matches("camel-cloudflare-audit --check \\d{4}-\\d\\d-\\d\\dT\\S+Z\n");
        assertThat(probe.response().contentType()).isEqualTo("text/plain");

        // a second check overwrites the same object, with the encryption and storage class uploads ask for
        try (CamelContext context = new DefaultCamelContext();
                S3Sink sink = checkedSink(context, "sse", "AES256", "storage-class", "STANDARD_IA")) {
            assertThat(sink.check()).contains("writable");
        }
        assertThat(s3.keys(BUCKET, "")).containsExactly(key);
        HeadObjectResponse head = s3.client().headObject(r -> r.bucket(BUCKET).key(key));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(head.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
    }

    @Test
    void checkWithAWrongSecretNamesTheCredentialsAndThePermission() throws Exception {
        String wrongSecret = "wr0ng-secret-77d1-do-not-print";
        String failure = failedCheck("secret-key", wrongSecret);
        assertThat(failure)
                .contains(
                        "S3 sink 'arch'",
                        "s3://" + BUCKET + "/cloudflare-audit/.cfaudit-check",
                        "403",
                        "SignatureDoesNotMatch",
                        "check access-key and secret-key",
                        "s3:PutObject on arn:aws:s3:::" + BUCKET + "/cloudflare-audit/*")
                .doesNotContain(wrongSecret, S3ProxyServer.SECRET_KEY);
        assertThat(s3.keys(BUCKET, "")).isEmpty();
    }

    @Test
    void checkOfAMissingBucketSaysSo() throws Exception {
        assertThat(failedCheck("bucket", "no-such-archive"))
                .contains("404", "NoSuchBucket", "does bucket 'no-such-archive' exist at " + s3.endpoint());
    }

    @Test
    void checkOfAServerThatIsDownSaysItCannotBeReached() throws Exception {
        s3.stop();
        assertThat(failedCheck())
                .contains(
                        "S3 sink 'arch'",
                        "could not be reached at " + s3.endpoint(),
                        "Connection refused",
                        "check endpoint, that the service is up");
    }

    /** Headers, key layout, partition and name consistent with the content. */
    static void assertWellFormed(StoredObject o, boolean gzip) {
        Matcher m = KEY.matcher(o.key());
        assertThat(m.matches()).as("key %s", o.key()).isTrue();
        assertThat(m.group(9) != null).as("extension of %s", o.key()).isEqualTo(gzip);
        assertThat(o.response().contentType()).isEqualTo("application/x-ndjson");
        if (gzip) {
            assertThat(o.response().contentEncoding()).isEqualTo("gzip");
            assertThat(o.raw()[0] & 0xff).isEqualTo(0x1f);
            assertThat(o.raw()[1] & 0xff).isEqualTo(0x8b);
        } else {
            assertThat(o.response().contentEncoding()).isNull();
        }
        assertThat(o.response().metadata())
                .containsEntry("records", Integer.toString(o.lines().size()));
        LocalDate partition =
                LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        Set<String> ids = new HashSet<>();
        for (String line : o.lines()) {
            assertThat(LocalDate.ofInstant(TestEntries.time(line), ZoneOffset.UTC))
                    .isEqualTo(partition);
            ids.add(TestEntries.id(line));
        }
        assertThat(ids).hasSize(o.lines().size());
        if (m.group(8) == null) {
            // part 0 is named after its first entry
            String first = o.lines().get(0);
            assertThat(m.group(6)).isEqualTo(NAME_TIME.format(TestEntries.time(first)));
            assertThat(m.group(7)).isEqualTo(sha256Hex(TestEntries.id(first)).substring(0, 16));
        }
    }

    /** Every line of every object, objects in key order. */
    static List<String> lines(Map<String, StoredObject> objects) {
        List<String> lines = new ArrayList<>();
        objects.values().forEach(o -> lines.addAll(o.lines()));
        return lines;
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isDelete(String json) {
        return TestEntries.parse(json).get("action").get("type").asText().equals("delete");
    }
}
