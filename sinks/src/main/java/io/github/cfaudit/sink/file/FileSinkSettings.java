package io.github.cfaudit.sink.file;

import io.github.cfaudit.sink.SinkSettings;
import java.nio.file.Path;

/**
 * {@code cfaudit.sink.<name>.type=file}.
 *
 * @param directory {@code directory}: the NDJSON files go below it, {@code <source>/<yyyy>/<MM>/<yyyy-MM-dd>.ndjson}
 */
public record FileSinkSettings(Path directory) implements SinkSettings {}
