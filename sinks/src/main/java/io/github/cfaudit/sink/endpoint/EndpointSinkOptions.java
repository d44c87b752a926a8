package io.github.cfaudit.sink.endpoint;

import io.github.cfaudit.config.Option;
import io.github.cfaudit.config.OptionGroup;
import java.util.List;

/** The options of {@code type=endpoint}. */
public final class EndpointSinkOptions {
    public static final Option<String> URI = Option.text(
                    "uri",
                    "Camel URI",
                    null,
                    "scheme:rest, e.g. " + "`direct:audit-stream`",
                    "Camel endpoint each selected entry is sent to")
            .defaultText("required")
            .example("direct:audit-stream");

    static final OptionGroup GROUP = new OptionGroup(
            "endpoint",
            "Sink `type=endpoint`",
            "cfaudit.sink.<name>.",
            "The entry stream, for routes of your own (docs/sinks/endpoint.md).",
            List.of(URI));

    private EndpointSinkOptions() {}
}
