package io.github.cfaudit.sink.syslog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Throw-away TLS material for the tests, generated with the {@code openssl} CLI and the JDK's {@code keytool} into a
 * temporary directory (never committed): a CA, a server certificate for {@code localhost} and {@code 127.0.0.1}, a
 * client certificate, and a second CA nobody trusts. PEM for rsyslog, PKCS12 for the sink.
 */
record TlsMaterial(Path dir) {
    static final String PASSWORD = "test-only-secret";

    static TlsMaterial generate(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("openssl"), "openssl is not installed: skipping (.ci/run installs it)");
        Files.createDirectories(dir);
        TlsMaterial m = new TlsMaterial(dir);
        m.ca("ca", "Test CA");
        m.ca("other-ca", "Untrusted CA");
        m.leaf("server", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        m.leaf("client", "cfaudit-client", "extendedKeyUsage=clientAuth\n");
        m.run(
                "openssl",
                "pkcs12",
                "-export",
                "-in",
                "client.pem",
                "-inkey",
                "client-key.pem",
                "-name",
                "client",
                "-out",
                "client.p12",
                "-passout",
                "pass:" + PASSWORD);
        m.run(
                keytool(),
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                "ca.pem",
                "-keystore",
                "truststore.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        m.run(
                keytool(),
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                "other-ca.pem",
                "-keystore",
                "other-truststore.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        return m;
    }

    Path caPem() {
        return dir.resolve("ca.pem");
    }

    Path serverCertPem() {
        return dir.resolve("server.pem");
    }

    Path serverKeyPem() {
        return dir.resolve("server-key.pem");
    }

    Path clientCertPem() {
        return dir.resolve("client.pem");
    }

    Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    Path untrustedTrustStore() {
        return dir.resolve("other-truststore.p12");
    }

    private void ca(String name, String cn) throws IOException, InterruptedException {
        run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + "-key.pem",
                "-out",
                name + ".pem",
                "-days",
                "2",
                "-subj",
                "/CN=" + cn,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void leaf(String name, String cn, String extensions) throws IOException, InterruptedException {
        run(
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + "-key.pem",
                "-out",
                name + ".csr",
                "-subj",
                "/CN=" + cn);
        Files.writeString(dir.resolve(name + ".ext"), extensions, StandardCharsets.US_ASCII);
        run(
                "openssl",
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca-key.pem",
                "-CAcreateserial",
                "-out",
                name + ".pem",
                "-days",
                "2",
                "-extfile",
                name + ".ext");
    }

    private void run(String... command) throws IOException, InterruptedException {
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("failed: " + String.join(" ", command) + "\n" + Files.readString(log));
        }
    }

    private static String keytool() {
        Path k = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(k) ? k.toString() : "keytool";
    }

    static boolean onPath(String program) {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
        return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
