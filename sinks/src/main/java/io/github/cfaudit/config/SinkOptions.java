package io.github.cfaudit.config;

import io.github.cfaudit.sink.SinkTypes;
import java.util.List;

/** The options of every sink, {@code cfaudit.sink.<name>.*}; each sink type declares its own beside it. */
public final class SinkOptions {
    public static final Option<String> TYPE = Option.choice(
                    "type", null, List.copyOf(SinkTypes.all().keySet()), "the kind of sink")
            .defaultText("required");
    public static final Option<String> WHEN = Option.text(
                    "when",
                    "predicate",
                    null,
                    "Camel Simple, or JsonPath after " + "`jsonpath:`; checked for syntax at start",
                    "which entries go to this sink: "
                            + "`${body[action][result]} == 'failure'`, `${header.CloudflareAuditSource} == 'acme'`, "
                            + "`jsonpath:$[?(@.action.result == 'failure')]`")
            .defaultText("— (every entry)");

    private SinkOptions() {}

    static OptionGroup common() {
        return new OptionGroup(
                "sink",
                "Sinks",
                "cfaudit.sink.<name>.",
                "`<name>`: lower-case letters, digits and "
                        + "`-`. Every sink has these options, and those of its type; each entry goes to every sink whose "
                        + "`when` selects it.",
                List.of(TYPE, WHEN));
    }
}
