package io.github.cfaudit.app;

import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.SinkOptions;
import io.github.cfaudit.sink.SinkSettings;
import io.github.cfaudit.sink.SinkType;
import io.github.cfaudit.sink.SinkTypes;
import io.github.cfaudit.sink.file.FileManifestArchive;
import io.github.cfaudit.sink.file.FileSinkSettings;
import io.github.cfaudit.sink.manifest.ManifestArchive;
import io.github.cfaudit.sink.manifest.ManifestKeys;
import io.github.cfaudit.sink.manifest.ManifestSettings;
import io.github.cfaudit.sink.manifest.ManifestVerifier;
import io.github.cfaudit.sink.s3.S3ManifestArchive;
import io.github.cfaudit.sink.s3.S3SinkSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --verify SINK [--public-key FILE]...}: checks the manifest chains of a file or S3 sink and prints each
 * problem on standard output, progress on standard error. Only the sink's own section of the configuration is read:
 * an auditor's configuration needs the sink's location and read credentials, no source and no API token. Exit 0
 * intact, 1 problems found (or the archive could not be read), 2 bad usage or configuration.
 */
final class ArchiveVerify {
    private ArchiveVerify() {}

    static int run(Map<String, String> properties, String sinkName, List<Path> publicKeyFiles) {
        ConfigProperties sinks = ConfigProperties.of(properties)
                .section(AuditConfigParser.PREFIX)
                .section("sink");
        if (!ConfigProperties.of(properties)
                .section(AuditConfigParser.PREFIX)
                .childNames("sink")
                .contains(sinkName)) {
            System.err.println("Error: --verify " + sinkName + ": no sink of that name is configured (cfaudit.sink."
                    + sinkName + ".*)");
            return CloudflareAuditApplication.EXIT_CONFIG;
        }
        ConfigProperties s = sinks.section(sinkName);
        SinkType type = s.choice(SinkOptions.TYPE, SinkTypes.all());
        SinkSettings settings = type.parse(s);
        ManifestArchive archive;
        ManifestSettings manifest;
        if (settings instanceof FileSinkSettings f) {
            archive = new FileManifestArchive(f.directory());
            manifest = f.manifest();
        } else if (settings instanceof S3SinkSettings s3) {
            archive = S3ManifestArchive.reader(s3);
            manifest = s3.manifest();
        } else {
            System.err.println("Error: --verify " + sinkName + ": a " + type.name()
                    + " sink writes no manifests; only file and s3 sinks do");
            return CloudflareAuditApplication.EXIT_CONFIG;
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        manifest.signingKey().ifPresent(k -> keys.put(k.fingerprint(), k.publicKey()));
        for (Path file : publicKeyFiles) {
            try {
                PublicKey key = ManifestKeys.publicKey(Files.readString(file, StandardCharsets.US_ASCII));
                keys.put(ManifestKeys.fingerprint(key), key);
            } catch (IOException e) {
                System.err.println("Error: --public-key " + file + ": cannot be read ("
                        + e.getClass().getSimpleName() + ")");
                return CloudflareAuditApplication.EXIT_CONFIG;
            } catch (ManifestKeys.KeyException e) {
                System.err.println("Error: --public-key " + file + ": not an Ed25519 public key in PEM ("
                        + e.getMessage() + "); valid: the output of `openssl pkey -in manifest-key.pem -pubout`");
                return CloudflareAuditApplication.EXIT_CONFIG;
            }
        }
        if (keys.isEmpty()) {
            System.err.println("Error: --verify " + sinkName + " needs a key: --public-key FILE, or cfaudit.sink."
                    + sinkName + ".manifest.signing-key-file in the configuration");
            return CloudflareAuditApplication.EXIT_CONFIG;
        }
        System.err.println("Verifying sink " + sinkName + " at " + archive.location() + " with key(s) "
                + String.join(", ", keys.keySet()));
        ManifestVerifier.Report report;
        try {
            report = new ManifestVerifier(archive, keys, System.err::println).verify();
        } catch (IOException | RuntimeException e) {
            System.err.println("Error: the archive could not be read: " + e.getMessage());
            return CloudflareAuditApplication.EXIT_FAILED;
        }
        for (ManifestVerifier.Problem p : report.problems()) {
            System.out.println("PROBLEM " + p);
        }
        report.heads().forEach((source, head) -> System.out.println("head of " + source + ": " + head));
        String counts = report.manifests() + " manifest(s), " + report.items() + " file range(s)/object(s), "
                + report.entries() + " entries, " + report.bytes() + " bytes";
        if (report.intact()) {
            System.out.println("Intact: " + counts + " verified.");
            return CloudflareAuditApplication.EXIT_OK;
        }
        System.out.println(report.problems().size() + " problem(s) found (" + counts + " read).");
        return CloudflareAuditApplication.EXIT_FAILED;
    }
}
