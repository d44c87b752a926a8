package io.github.cfaudit.sink.endpoint;

import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.OptionGroup;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.SinkSettings;
import io.github.cfaudit.sink.SinkType;
import org.apache.camel.CamelContext;

/** {@code type=endpoint}: the entry stream, for routes of your own. */
public final class EndpointSinkType implements SinkType {
    @Override
    public String name() {
        return "endpoint";
    }

    @Override
    public OptionGroup options() {
        return EndpointSinkOptions.GROUP;
    }

    @Override
    public SinkSettings parse(ConfigProperties section) {
        String uri = section.required(EndpointSinkOptions.URI, "a Camel endpoint URI, e.g. direct:audit-stream");
        if (!uri.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.+")) {
            throw new io.github.cfaudit.config.ConfigException(
                    section.key(EndpointSinkOptions.URI),
                    "'" + uri + "' is not a Camel endpoint URI; valid example: direct:audit-stream");
        }
        return new EndpointSinkSettings(uri);
    }

    @Override
    public AuditSink create(String sinkName, SinkSettings settings, RecordCodec codec, CamelContext context) {
        return new EndpointSink(sinkName, ((EndpointSinkSettings) settings).uri(), codec, context);
    }
}
