package io.github.cfaudit.sink.file;

import io.github.cfaudit.sink.SinkSettings;
import io.github.cfaudit.sink.manifest.ManifestSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code cfaudit.sink.<name>.type=file}.
 *
 * @param directory {@code directory}: the NDJSON files go below it, {@code <source>/<yyyy>/<MM>/<yyyy-MM-dd>.ndjson}
 * @param manifest  {@code manifest.*}: signed manifests below {@code <directory>/_manifests/}, or none
 */
public record FileSinkSettings(Path directory, ManifestSettings manifest) implements SinkSettings {
    public FileSinkSettings {
        Objects.requireNonNull(directory, "directory == null");
        Objects.requireNonNull(manifest, "manifest == null");
    }

    /** Without manifests. */
    public FileSinkSettings(Path directory) {
        this(directory, ManifestSettings.NONE);
    }
}
