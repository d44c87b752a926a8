package io.github.cfaudit.sink;

import io.github.cfaudit.sink.endpoint.EndpointSinkType;
import io.github.cfaudit.sink.file.FileSinkType;
import io.github.cfaudit.sink.s3.S3SinkType;
import io.github.cfaudit.sink.syslog.SyslogSinkType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Every sink type this module knows, by the name used in {@code cfaudit.sink.<name>.type}. */
public final class SinkTypes {
    private static final Map<String, SinkType> TYPES =
            index(new FileSinkType(), new EndpointSinkType(), new S3SinkType(), new SyslogSinkType());

    private SinkTypes() {}

    public static Map<String, SinkType> all() {
        return TYPES;
    }

    private static Map<String, SinkType> index(SinkType... types) {
        Map<String, SinkType> m = new LinkedHashMap<>();
        Stream.of(types).forEach(t -> m.put(t.name(), t));
        return java.util.Collections.unmodifiableMap(m);
    }
}
