package io.github.cfaudit.sink.file;

import io.github.cfaudit.config.Option;
import io.github.cfaudit.config.OptionGroup;
import io.github.cfaudit.sink.manifest.ManifestOptions;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code type=file}. */
public final class FileSinkOptions {
    public static final Option<String> DIRECTORY = Option.path(
                    "directory",
                    null,
                    "NDJSON files go below it: "
                            + "`<directory>/<source>/<yyyy>/<MM>/<yyyy-MM-dd>.ndjson` (event date, UTC)")
            .defaultText("required")
            .example("data/audit");

    static final OptionGroup GROUP = new OptionGroup(
            "file",
            "Sink `type=file`",
            "cfaudit.sink.<name>.",
            "NDJSON files partitioned by source and event date (docs/sinks/file.md).",
            options());

    private FileSinkOptions() {}

    private static List<Option<?>> options() {
        List<Option<?>> options = new ArrayList<>(List.of(DIRECTORY));
        options.addAll(ManifestOptions.ALL);
        return options;
    }
}
