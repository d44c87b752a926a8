package io.github.cfaudit.sink.manifest;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.sink.file.FileManifestArchive;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import io.github.cfaudit.testing.PackagedApp;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A file sink with manifests, fed by the real routes in three runs (three manifests), then tampered with in each of
 * the ways an auditor must notice, each on a fresh archive: {@code --verify} names what was changed.
 */
class FileManifestIT {
    @Harness
    AuditHarness h;

    Path out;
    ManifestKeyFiles key;
    List<String> ids = new ArrayList<>();

    @BeforeEach
    void threeRunsThreeManifests() throws Exception {
        key = ManifestKeyFiles.generate(h.dir, "manifest-key");
        out = h.fileSink("arch", null);
        h.set("cfaudit.sink.arch.manifest.signing-key-file", key.privateKey().toString());
        h.source("acct", "account", "account-id", ACCOUNT);
        // two files (event dates): run 0 appends to the first, run 1 to both (across midnight), run 2 to the second
        List<Duration> starts =
                List.of(Duration.ofMinutes(23 * 60), Duration.ofMinutes(23 * 60 + 50), Duration.ofHours(25));
        for (int run = 0; run < 3; run++) {
            ids.addAll(h.accountEntriesEveryMinute("r" + run + "-e%02d", 20, DAY.plus(starts.get(run))));
            // the run's window ends at the clock: each run's entries lie after the watermark of the one before
            h.clock.set(DAY.plus(starts.get(run)).plus(Duration.ofMinutes(30)));
            assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        }
        assertThat(AuditHarness.ids(out)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(manifests()).hasSize(3);
    }

    private ManifestVerifier.Report verify() throws Exception {
        return new ManifestVerifier(new FileManifestArchive(out), key.keys(), line -> {}).verify();
    }

    private List<Path> manifests() throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("_manifests/acct"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private List<Path> dataFiles() throws IOException {
        try (Stream<Path> s = Files.walk(out.resolve("acct"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private String relative(Path file) {
        return out.relativize(file).toString();
    }

    private static String problems(ManifestVerifier.Report r) {
        return r.problems().stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void anUntouchedArchiveIsIntact() throws Exception {
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).isEmpty();
        assertThat(r.manifests()).isEqualTo(3);
        assertThat(r.entries()).isEqualTo(ids.size());
        assertThat(r.heads()).containsKey("acct");
        String third = Files.readString(manifests().get(2));
        assertThat(third)
                .startsWith("{\"manifest\":{\"format\":\"cfaudit-manifest/1\",\"sink\":\"arch\",\"sinkType\":\"file\"")
                .contains("\"sequence\":3")
                .contains("\"previous\":{\"path\":\"_manifests/acct/000000000002.json\",\"sequence\":2")
                .contains("\"keyFingerprint\":\"" + key.signingKey().fingerprint() + "\"");
    }

    @Test
    void aFlippedByteInsideALineIsNamed() throws Exception {
        Path file = dataFiles().get(1);
        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("\"id\"") + 7;
        bytes[at] ^= 0x01;
        Files.write(file, bytes);
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(relative(file));
            assertThat(p.what()).contains("were changed");
        });
    }

    @Test
    void aDeletedDataFileIsNamed() throws Exception {
        Path file = dataFiles().get(0);
        Files.delete(file);
        assertThat(verify().problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(relative(file));
            assertThat(p.what()).startsWith("deleted");
        });
    }

    @Test
    void aDeletedNewestManifestLeavesItsDataUncoveredAndIsReported() throws Exception {
        Files.delete(manifests().get(2));
        ManifestVerifier.Report r = verify();
        assertThat(r.problems())
                .as(problems(r))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.what())
                        .contains("covered by no manifest")
                        .contains("_manifests/acct/000000000002.json"));
    }

    @Test
    void aDeletedMiddleManifestIsAGapInTheChain() throws Exception {
        Files.delete(manifests().get(1));
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).as(problems(r)).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("_manifests/acct/000000000002.json");
            assertThat(p.what()).startsWith("missing");
        });
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.what()).contains("covered by no manifest (inserted)"));
    }

    @Test
    void aWellFormedForgedLineAppendedIsNamed() throws Exception {
        Path file = dataFiles().get(1);
        long size = Files.size(file);
        String forged = Files.readAllLines(file).get(0).replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"forged-1\"");
        Files.writeString(file, forged + "\n", StandardOpenOption.APPEND);
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).as(problems(r)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(relative(file));
            assertThat(p.what())
                    .startsWith("bytes [" + size + ", " + Files.size(file) + ") are covered by no manifest");
        });
    }

    @Test
    void aManifestReplacedByOneSignedWithAnotherKeyIsNamed() throws Exception {
        Path second = manifests().get(1);
        ManifestFormat.Signed original = ManifestFormat.parse(Files.readAllBytes(second));
        SigningKey other = ManifestKeyFiles.generate(h.dir, "attacker").signingKey();
        Manifest m = original.manifest();
        Manifest forged = new Manifest(
                m.sink(),
                m.sinkType(),
                m.location(),
                m.source(),
                m.sequence(),
                m.createdAt(),
                other.fingerprint(),
                m.previous(),
                m.items());
        Files.write(second, ManifestFormat.sign(forged, other));
        ManifestVerifier.Report r = verify();
        assertThat(r.problems()).as(problems(r)).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("_manifests/acct/000000000002.json");
            assertThat(p.what()).contains("signed by the key with fingerprint " + other.fingerprint());
        });
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("_manifests/acct/000000000002.json");
            assertThat(p.what()).contains("its SHA-256 is not the one manifest _manifests/acct/000000000003.json");
        });
    }

    @Test
    void aTruncatedFileIsNamed() throws Exception {
        Path file = dataFiles().get(1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }
        assertThat(verify().problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(relative(file));
            assertThat(p.what()).startsWith("truncated");
        });
    }

    /** A new key: the next manifest names it and continues the chain; --verify needs both public keys. */
    @Test
    void aRotatedKeyContinuesTheChainAndBothPublicKeysVerifyIt() throws Exception {
        ManifestKeyFiles next = ManifestKeyFiles.generate(h.dir, "manifest-key-2");
        h.set("cfaudit.sink.arch.manifest.signing-key-file", next.privateKey().toString());
        ids.addAll(h.accountEntriesEveryMinute("r3-e%02d", 5, DAY.plus(Duration.ofHours(26))));
        h.clock.set(DAY.plus(Duration.ofHours(27)));
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(manifests()).hasSize(4);

        ManifestVerifier.Report oldKeyOnly = verify();
        assertThat(oldKeyOnly.problems())
                .as(problems(oldKeyOnly))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.path()).isEqualTo("_manifests/acct/000000000004.json");
                    assertThat(p.what())
                            .contains("signed by the key with fingerprint "
                                    + next.signingKey().fingerprint());
                });
        Map<String, java.security.PublicKey> both = new java.util.HashMap<>(key.keys());
        both.putAll(next.keys());
        ManifestVerifier.Report r = new ManifestVerifier(new FileManifestArchive(out), both, line -> {}).verify();
        assertThat(r.problems()).as(problems(r)).isEmpty();
        assertThat(r.entries()).isEqualTo(ids.size());
    }

    /** The packaged application: exit codes, the problem lines, verifying with the public key alone. */
    @Test
    void theCommandLineExitsZeroWhenIntactOneNamingTheProblemTwoWithoutAKey() throws Exception {
        Path config = h.dir.resolve("verify.properties");
        writeProperties(
                config, Map.of("cfaudit.sink.arch.type", "file", "cfaudit.sink.arch.directory", out.toString()));
        PackagedApp.Result intact = PackagedApp.run(
                PackagedApp.javaJar(
                        "--verify",
                        "arch",
                        "--config",
                        config.toString(),
                        "--public-key",
                        key.publicKey().toString()),
                h.dir,
                Duration.ofSeconds(60));
        assertThat(intact.exit()).as(intact.output()).isZero();
        assertThat(intact.output())
                .contains("Intact: 3 manifest(s)")
                .contains("head of acct: _manifests/acct/000000000003.json");

        PackagedApp.Result noKey = PackagedApp.run(
                PackagedApp.javaJar("--verify", "arch", "--config", config.toString()), h.dir, Duration.ofSeconds(60));
        assertThat(noKey.exit()).as(noKey.output()).isEqualTo(2);
        assertThat(noKey.output()).contains("--public-key FILE");

        Path file = dataFiles().get(0);
        Files.writeString(file, "{\"id\":\"forged\"}\n", StandardOpenOption.APPEND);
        PackagedApp.Result tampered = PackagedApp.run(
                PackagedApp.javaJar(
                        "--verify",
                        "arch",
                        "--config",
                        config.toString(),
                        "--public-key",
                        key.publicKey().toString()),
                h.dir,
                Duration.ofSeconds(60));
        assertThat(tampered.exit()).as(tampered.output()).isEqualTo(1);
        assertThat(tampered.output())
                .contains("PROBLEM " + relative(file) + ": bytes [")
                .contains("1 problem(s) found");
    }

    static void writeProperties(Path file, Map<String, String> properties) throws IOException {
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) ->
                text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(file, text);
    }
}
