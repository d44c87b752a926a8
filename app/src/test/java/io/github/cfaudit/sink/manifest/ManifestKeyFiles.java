package io.github.cfaudit.sink.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An Ed25519 key pair made by OpenSSL, as an operator makes one: {@code <name>.pem} and {@code <name>.pub.pem}. */
public record ManifestKeyFiles(Path privateKey, Path publicKey) {

    public static ManifestKeyFiles generate(Path dir, String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".pem");
        Path pub = dir.resolve(name + ".pub.pem");
        openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", key.toString());
        openssl(dir, "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
        return new ManifestKeyFiles(key, pub);
    }

    static byte[] openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(false)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: "
                    + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    public PublicKey parsedPublicKey() throws Exception {
        return ManifestKeys.publicKey(Files.readString(publicKey));
    }

    public SigningKey signingKey() throws Exception {
        return new SigningKey(ManifestKeys.privateKey(Files.readString(privateKey)));
    }

    /** The public key by its fingerprint, as {@link ManifestVerifier} takes keys. */
    public Map<String, PublicKey> keys() throws Exception {
        PublicKey k = parsedPublicKey();
        return Map.of(ManifestKeys.fingerprint(k), k);
    }
}
