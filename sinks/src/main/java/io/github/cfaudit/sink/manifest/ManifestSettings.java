package io.github.cfaudit.sink.manifest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code cfaudit.sink.<name>.manifest.*}: whether a file or S3 sink writes signed manifests, and how often.
 *
 * @param signingKey {@code manifest.signing-key(-file)}: empty = no manifests
 * @param interval   {@code manifest.interval}: during a run, at most one manifest per interval
 */
public record ManifestSettings(Optional<SigningKey> signingKey, Duration interval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    /** No manifests: the sink writes data only. */
    public static final ManifestSettings NONE = new ManifestSettings(Optional.empty(), DEFAULT_INTERVAL);

    public ManifestSettings {
        Objects.requireNonNull(signingKey, "signingKey == null");
        Objects.requireNonNull(interval, "interval == null");
    }

    public boolean enabled() {
        return signingKey.isPresent();
    }
}
