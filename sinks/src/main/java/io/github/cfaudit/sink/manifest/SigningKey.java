package io.github.cfaudit.sink.manifest;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * The Ed25519 key a sink signs its manifests with, and its public half. A secret: {@link #toString()} shows only the
 * fingerprint of the public key.
 */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String fingerprint;

    public SigningKey(PrivateKey privateKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey == null");
        this.publicKey = ManifestKeys.publicKeyOf(privateKey);
        this.fingerprint = ManifestKeys.fingerprint(publicKey);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** SHA-256 of the public key's SubjectPublicKeyInfo DER, hex. */
    public String fingerprint() {
        return fingerprint;
    }

    byte[] sign(byte[] body) {
        return ManifestKeys.sign(privateKey, body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && k.fingerprint.equals(fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519 key " + fingerprint;
    }
}
