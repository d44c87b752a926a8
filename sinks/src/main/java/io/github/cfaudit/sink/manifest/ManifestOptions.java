package io.github.cfaudit.sink.manifest;

import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.Option;
import io.github.cfaudit.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The manifest options of the file and S3 sinks, {@code cfaudit.sink.<name>.manifest.*} (docs/archive.md). */
public final class ManifestOptions {
    public static final Option<Secret> SIGNING_KEY = Option.secret(
            "manifest.signing-key",
            "Ed25519 private key, PKCS#8 PEM as `openssl genpkey -algorithm ed25519` writes it (usually as "
                    + "`manifest.signing-key-file`): the sink writes signed, hash-chained manifests of what it stored "
                    + "(docs/archive.md), checked by `--verify`; unset: no manifests");
    public static final Option<Duration> INTERVAL = Option.duration(
            "manifest.interval",
            ManifestSettings.DEFAULT_INTERVAL,
            Duration.ZERO,
            "with a signing key: during a run, a manifest per source is written once this long has passed since "
                    + "the last one (checked after each page and at the end of the run), so at most one per interval; "
                    + "whatever is not covered yet gets one when the sink stops (the end of `--once`); `PT0S`: one "
                    + "manifest per page, written before the page's checkpoint (docs/archive.md)");

    /** In the order of the documentation. */
    public static final List<Option<?>> ALL = List.of(SIGNING_KEY, INTERVAL);

    private ManifestOptions() {}

    /** The manifest settings of a sink section; a key that is not an Ed25519 private key is refused naming its option. */
    public static ManifestSettings parse(ConfigProperties s) {
        Optional<Secret> pem = s.secret(SIGNING_KEY);
        Duration interval = s.duration(INTERVAL);
        if (pem.isEmpty()) {
            return new ManifestSettings(Optional.empty(), interval);
        }
        String key = s.setKey(SIGNING_KEY).orElse(s.key(SIGNING_KEY));
        try {
            return new ManifestSettings(
                    Optional.of(new SigningKey(ManifestKeys.privateKey(pem.get().reveal()))), interval);
        } catch (ManifestKeys.KeyException e) {
            throw new ConfigException(
                    key,
                    "is not an Ed25519 private key in PKCS#8 PEM (" + e.getMessage()
                            + "); valid: a key made by `openssl genpkey -algorithm ed25519 -out manifest-key.pem`");
        }
    }
}
