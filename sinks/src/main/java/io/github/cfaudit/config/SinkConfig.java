package io.github.cfaudit.config;

import io.github.cfaudit.formats.CloudflareFormat;
import io.github.cfaudit.formats.RecordFormat;
import io.github.cfaudit.sink.SinkSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * One destination: {@code cfaudit.sink.<name>.*}.
 *
 * @param name     the sink name
 * @param type     the sink type ({@code file}, {@code endpoint}, ...)
 * @param when     the predicate selecting entries (Simple, or JsonPath with a {@code jsonpath:} prefix); empty = all
 * @param settings the validated type-specific settings
 * @param codec    {@code codec} and its options: how the sink writes each entry
 */
public record SinkConfig(String name, String type, Optional<String> when, SinkSettings settings, RecordFormat codec) {
    public SinkConfig {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(when, "when == null");
        Objects.requireNonNull(settings, "settings == null");
        Objects.requireNonNull(codec, "codec == null");
    }

    /** A sink writing entries as Cloudflare sent them ({@code codec=cloudflare}). */
    public SinkConfig(String name, String type, Optional<String> when, SinkSettings settings) {
        this(name, type, when, settings, new CloudflareFormat());
    }
}
