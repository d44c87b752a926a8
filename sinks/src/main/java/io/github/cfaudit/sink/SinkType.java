package io.github.cfaudit.sink;

import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.OptionGroup;
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

    /** Creates the sink once the CamelContext exists; the sink may use it to reach Camel components. */
    AuditSink create(String sinkName, SinkSettings settings, CamelContext context) throws Exception;
}
