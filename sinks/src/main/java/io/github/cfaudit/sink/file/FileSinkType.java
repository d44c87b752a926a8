package io.github.cfaudit.sink.file;

import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.OptionGroup;
import io.github.cfaudit.formats.RecordFormats;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.SinkSettings;
import io.github.cfaudit.sink.SinkType;
import io.github.cfaudit.sink.manifest.ManifestOptions;
import java.util.List;
import org.apache.camel.CamelContext;

/** {@code type=file}: NDJSON files partitioned by source and event date. */
public final class FileSinkType implements SinkType {
    @Override
    public String name() {
        return "file";
    }

    @Override
    public OptionGroup options() {
        return FileSinkOptions.GROUP;
    }

    @Override
    public SinkSettings parse(ConfigProperties section) {
        section.required(FileSinkOptions.DIRECTORY, "a directory path, e.g. /var/lib/cloudflare-audit/out");
        return new FileSinkSettings(
                section.path(FileSinkOptions.DIRECTORY).toAbsolutePath().normalize(), ManifestOptions.parse(section));
    }

    @Override
    public List<String> codecs() {
        return RecordFormats.NAMES;
    }

    @Override
    public AuditSink create(String sinkName, SinkSettings settings, RecordCodec codec, CamelContext context) {
        return new FileSink(sinkName, (FileSinkSettings) settings, codec);
    }
}
