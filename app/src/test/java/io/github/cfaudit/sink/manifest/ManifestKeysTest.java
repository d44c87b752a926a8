package io.github.cfaudit.sink.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys as OpenSSL writes them: parsed, their public half derived, fingerprinted as OpenSSL would; bad keys refused. */
class ManifestKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyFromOpensslSignsWhatItsPublicKeyVerifiesAndIsFingerprintedAsOpensslWould() throws Exception {
        ManifestKeyFiles files = ManifestKeyFiles.generate(dir, "k");
        SigningKey key = files.signingKey();
        assertThat(key.publicKey()).isEqualTo(files.parsedPublicKey());
        byte[] der = ManifestKeyFiles.openssl(
                dir, "pkey", "-in", files.privateKey().toString(), "-pubout", "-outform", "DER");
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        assertThat(key.fingerprint()).isEqualTo(expected).hasSize(64);
        assertThat(key.toString())
                .doesNotContain(Files.readString(files.privateKey()).substring(30, 60));
        assertThat(ManifestKeys.publicKeyPem(key.publicKey())).isEqualTo(Files.readString(files.publicKey()));

        Manifest m = new Manifest(
                "arch",
                "file",
                "/x",
                "acct",
                1,
                Instant.parse("2026-12-07T00:00:00Z"),
                key.fingerprint(),
                null,
                List.of());
        ManifestFormat.Signed signed = ManifestFormat.parse(ManifestFormat.sign(m, key));
        assertThat(signed.manifest()).isEqualTo(m);
        assertThat(ManifestKeys.verify(
                        files.parsedPublicKey(),
                        signed.body(),
                        java.util.Base64.getDecoder().decode(signed.signature())))
                .isTrue();
    }

    @Test
    void aSigningKeyFileThatIsNoEd25519PrivateKeyIsRefusedNamingTheOptionAndNotTheContent() throws Exception {
        ManifestKeyFiles files = ManifestKeyFiles.generate(dir, "k");
        Path rsa = dir.resolve("rsa.pem");
        ManifestKeyFiles.openssl(
                dir, "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsa.toString());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not-a-key-s3cr3t\n");
        for (Path bad : List.of(files.publicKey(), rsa, garbage)) {
            ConfigException e = catchThrowableOfType(
                    ConfigException.class,
                    () -> ManifestOptions.parse(
                            ConfigProperties.of(Map.of("cfaudit.sink.arch.manifest.signing-key-file", bad.toString()))
                                    .section("cfaudit")
                                    .section("sink")
                                    .section("arch")));
            assertThat(e.getMessage())
                    .as(bad.toString())
                    .contains("cfaudit.sink.arch.manifest.signing-key-file")
                    .contains("openssl genpkey -algorithm ed25519")
                    .doesNotContain("s3cr3t")
                    .doesNotContain(
                            Files.readString(bad).lines().skip(1).findFirst().orElse("\u0000"));
        }
    }
}
