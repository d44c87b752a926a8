package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the client {@link SSLContext} of a TLS syslog sink from its stores. Trust stores may be PKCS12, JKS or a PEM
 * file of CA certificates (what rsyslog and syslog-ng operators usually have); key stores are PKCS12 or JKS, whose
 * type the JDK detects from the content.
 */
final class TlsContexts {
    private static final String PEM_BEGIN = "-----BEGIN";

    private TlsContexts() {}

    static SSLContext create(SyslogSinkSettings.Tls tls) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(
                tls.trustStore().isPresent() ? loadTrustStore(tls.trustStore().get(), tls.trustStorePassword()) : null);
        KeyManager[] keyManagers = null;
        if (tls.keyStore().isPresent()) {
            char[] password =
                    tls.keyStorePassword().map(Secret::reveal).orElse("").toCharArray();
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(loadKeyStore(tls.keyStore().get(), tls.keyStorePassword()), password);
            keyManagers = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
    }

    /** The CA certificates to trust; fails when the store holds none. */
    static KeyStore loadTrustStore(Path file, Optional<Secret> password) throws IOException, GeneralSecurityException {
        KeyStore store;
        if (isPem(file)) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(file)) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
        } else {
            store = KeyStore.getInstance(
                    file.toFile(), password.map(s -> s.reveal().toCharArray()).orElse(null));
        }
        boolean anyCertificate = false;
        for (String alias : Collections.list(store.aliases())) {
            anyCertificate |= store.isCertificateEntry(alias) || store.getCertificate(alias) != null;
        }
        if (!anyCertificate) {
            throw new GeneralSecurityException("it holds no certificate");
        }
        return store;
    }

    /** The client key and certificate; fails when the store holds no private key. */
    static KeyStore loadKeyStore(Path file, Optional<Secret> password) throws IOException, GeneralSecurityException {
        if (isPem(file)) {
            throw new GeneralSecurityException("it is PEM; a key store must be PKCS12 or JKS (convert with: openssl "
                    + "pkcs12 -export -in client.pem -inkey client-key.pem -out client.p12)");
        }
        KeyStore store = KeyStore.getInstance(
                file.toFile(), password.map(s -> s.reveal().toCharArray()).orElse(null));
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return store;
            }
        }
        throw new GeneralSecurityException("it holds no private key");
    }

    private static boolean isPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(256);
            return new String(head, StandardCharsets.US_ASCII).contains(PEM_BEGIN);
        }
    }
}
