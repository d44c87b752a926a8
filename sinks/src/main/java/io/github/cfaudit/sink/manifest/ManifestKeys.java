package io.github.cfaudit.sink.manifest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys in the PEM forms OpenSSL writes: the private key as PKCS#8 ({@code openssl genpkey -algorithm
 * ed25519}), the public key as SubjectPublicKeyInfo ({@code openssl pkey -pubout}). A key's fingerprint is the
 * SHA-256 of its SubjectPublicKeyInfo DER, in hex: {@code openssl pkey -pubout -outform DER | sha256sum}.
 */
public final class ManifestKeys {
    static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private ManifestKeys() {}

    /** Why a text is not a key, without the text itself (it may be a secret). */
    public static final class KeyException extends Exception {
        KeyException(String message) {
            super(message);
        }
    }

    /** The private key of a PKCS#8 PEM text; throws naming what is wrong, never the content. */
    public static PrivateKey privateKey(String pem) throws KeyException {
        byte[] der = der(pem, "PRIVATE KEY");
        try {
            PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof EdECPrivateKey)) {
                throw new KeyException("not an Ed25519 key");
            }
            return key;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyException("a PKCS#8 'PRIVATE KEY' but not an Ed25519 one");
        }
    }

    /** The public key of a SubjectPublicKeyInfo PEM text. */
    public static PublicKey publicKey(String pem) throws KeyException {
        byte[] der = der(pem, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyException("a 'PUBLIC KEY' but not an Ed25519 one");
        }
    }

    /**
     * The public key of an Ed25519 private key. The JDK has no call for it, but its key pair generator derives the
     * public key from 32 random bytes, which are the private key: given the private key's bytes as its randomness, it
     * computes the public key of that private key.
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        byte[] seed = ((EdECPrivateKey) key)
                .getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the private key has no bytes"));
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, bytes.length);
                }
            });
            return g.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JVM", e);
        }
    }

    /** SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex. */
    public static String fingerprint(PublicKey key) {
        return sha256Hex(key.getEncoded());
    }

    /** The public key as {@code openssl pkey -pubout} writes it. */
    public static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static byte[] sign(PrivateKey key, byte[] body) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(body);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    static boolean verify(PublicKey key, byte[] body, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(body);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] der(String pem, String label) throws KeyException {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new KeyException("not a PEM text (no -----BEGIN " + label + "----- line)");
        }
        if (!m.group(1).equals(label)) {
            throw new KeyException("a PEM '" + m.group(1) + "', not a '" + label + "'");
        }
        try {
            return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new KeyException("a PEM '" + label + "' whose base64 body is damaged");
        }
    }
}
