package io.github.cfaudit.sink;

import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.OptionGroup;
import java.util.List;
import org.apache.camel.CamelContext;

/** A kind of sink, selected by {@code cfaudit.sink.<name>.type}: reads its settings and creates sinks from them. */
public interface SinkType {

    /** The value of {@code type} that selects it. */
    String name();

    /**
     * Its options below {@code cfaudit.sink.<name>.} besides {@code type} and {@code when}, each declared once with its
     * default and description: {@link #parse} reads them, and the documentation is generated from them.
     */
    OptionGroup options();

    /**
     * Reads and validates the settings below {@code cfaudit.sink.<name>.}; throws
     * {@link io.github.cfaudit.config.ConfigException} naming the key on a bad value.
     */
    SinkSettings parse(ConfigProperties section);

    /**
     * The values of {@code codec} this type accepts: {@code cloudflare}, {@code ocsf}, {@code ecs} (JSON records) for
     * every type; file and syslog sinks also write the one-line {@code cef} and {@code leef}.
     */
    default List<String> codecs() {
        return JSON_CODECS;
    }

    /** The codecs every sink type accepts. */
    List<String> JSON_CODECS = List.of("cloudflare", "ocsf", "ecs");

    /** Creates the sink once the CamelContext exists; the sink may use it to reach Camel components. */
    default AuditSink create(String sinkName, SinkSettings settings, CamelContext context) throws Exception {
        return create(sinkName, settings, RecordCodec.verbatimCodec(), context);
    }

    /** Creates the sink writing each entry in {@code codec} (one of {@link #codecs()}). */
    AuditSink create(String sinkName, SinkSettings settings, RecordCodec codec, CamelContext context) throws Exception;
}
