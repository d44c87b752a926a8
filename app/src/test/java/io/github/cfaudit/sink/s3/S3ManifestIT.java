package io.github.cfaudit.sink.s3;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.sink.manifest.ManifestKeyFiles;
import io.github.cfaudit.sink.manifest.ManifestVerifier;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * An S3 sink with manifests against s3proxy, fed by the real routes in three runs, then tampered with: a deleted
 * object, a changed object, a deleted newest manifest, a foreign object; {@code --verify} reads the bucket through the
 * sink's own client settings and names each.
 */
class S3ManifestIT {
    static final String BUCKET = "audit-archive";
    static final String PREFIX = "cloudflare-audit/";

    @Harness
    AuditHarness h;

    @S3Server(bucket = BUCKET)
    S3ProxyServer s3;

    ManifestKeyFiles key;
    List<String> ids = new ArrayList<>();

    @BeforeEach
    void threeRunsThreeManifests() throws Exception {
        key = ManifestKeyFiles.generate(h.dir, "manifest-key");
        s3.sinkProperties("arch", BUCKET).forEach(h::set);
        h.set("cfaudit.sink.arch.manifest.signing-key-file", key.privateKey().toString());
        h.set("cfaudit.sink.arch.max-object-records", "15");
        h.source("acct", "account", "account-id", ACCOUNT);
        for (int run = 0; run < 3; run++) {
            ids.addAll(h.accountEntriesEveryMinute("r" + run + "-e%02d", 20, DAY.plus(Duration.ofHours(1 + run))));
            h.clock.set(DAY.plus(Duration.ofHours(1 + run)).plus(Duration.ofMinutes(30)));
            assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        }
        assertThat(s3.keys(BUCKET, PREFIX + "_manifests/acct/"))
                .containsExactly(
                        PREFIX + "_manifests/acct/000000000001.json",
                        PREFIX + "_manifests/acct/000000000002.json",
                        PREFIX + "_manifests/acct/000000000003.json");
    }

    private ManifestVerifier.Report verify() throws Exception {
        S3SinkSettings settings = new S3SinkType()
                .parse(ConfigProperties.of(h.properties())
                        .section("cfaudit")
                        .section("sink")
                        .section("arch"));
        return new ManifestVerifier(S3ManifestArchive.reader(settings), key.keys(), line -> {}).verify();
    }

    private List<String> dataKeys() {
        return s3.keys(BUCKET, PREFIX + "acct/");
    }

    private static String problems(ManifestVerifier.Report r) {
        return r.problems().stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void anUntouchedBucketIsIntactAndManifestsCarryTheUncompressedHash() throws Exception {
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).as(problems(r)).isEmpty();
        assertThat(r.manifests()).isEqualTo(3);
        assertThat(r.entries()).isEqualTo(ids.size());
        assertThat(r.items()).isEqualTo(dataKeys().size()).isEqualTo(6);
        S3ProxyServer.StoredObject manifest = s3.read(BUCKET, PREFIX + "_manifests/acct/000000000002.json");
        assertThat(manifest.response().contentType()).isEqualTo("application/json");
        assertThat(String.join("\n", manifest.lines()))
                .contains("\"previous\":{\"path\":\"" + PREFIX + "_manifests/acct/000000000001.json\"")
                .contains("\"object\":\"" + PREFIX + "acct/");
    }

    @Test
    void aDeletedObjectIsNamed() throws Exception {
        String victim = dataKeys().get(2);
        s3.client().deleteObject(b -> b.bucket(BUCKET).key(victim));
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).as(problems(r)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(victim);
            assertThat(p.what()).startsWith("deleted");
        });
    }

    @Test
    void aReplacedObjectAndAForeignObjectAreNamed() throws Exception {
        String victim = dataKeys().get(1);
        S3ProxyServer.StoredObject original = s3.read(BUCKET, victim);
        String changed = String.join("\n", original.lines()).replaceFirst("r\\d-e\\d\\d", "forged") + "\n";
        s3.client()
                .putObject(
                        b -> b.bucket(BUCKET).key(victim),
                        RequestBody.fromBytes(gzip(changed.getBytes(StandardCharsets.UTF_8))));
        String foreign = PREFIX + "acct/2026/11/20/20261120T235959.000Z_0000000000000000.ndjson";
        s3.client().putObject(b -> b.bucket(BUCKET).key(foreign), RequestBody.fromString("{\"id\":\"x\"}\n"));
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).as(problems(r)).hasSize(2);
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(victim);
            assertThat(p.what()).startsWith("changed");
        });
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(foreign);
            assertThat(p.what()).startsWith("covered by no manifest");
        });
    }

    @Test
    void aDeletedNewestManifestLeavesItsObjectsUncovered() throws Exception {
        s3.client().deleteObject(b -> b.bucket(BUCKET).key(PREFIX + "_manifests/acct/000000000003.json"));
        ManifestVerifier.Report r = verify();
        assertThat(r.problems())
                .as(problems(r))
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.what())
                        .startsWith("covered by no manifest")
                        .contains(PREFIX + "_manifests/acct/000000000002.json"));
    }

    /** A process that died before its manifest: the next one finds the objects and covers them, marked recovered. */
    @Test
    void objectsLeftWithoutAManifestAreCoveredByTheNextProcess() throws Exception {
        // the state of a process killed after its uploads: its manifest is not there
        s3.client().deleteObject(b -> b.bucket(BUCKET).key(PREFIX + "_manifests/acct/000000000003.json"));
        assertThat(verify().intact()).isFalse();
        ids.addAll(h.accountEntriesEveryMinute("r3-e%02d", 5, DAY.plus(Duration.ofHours(4))));
        h.clock.set(DAY.plus(Duration.ofHours(5)));
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).as(problems(r)).isEmpty();
        assertThat(r.entries()).isEqualTo(ids.size());
        S3ProxyServer.StoredObject third = s3.read(BUCKET, PREFIX + "_manifests/acct/000000000003.json");
        assertThat(String.join("\n", third.lines()))
                .contains("\"recovered\":true")
                .contains("\"recovered\":false");
    }

    private static byte[] gzip(byte[] content) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }
}
