package io.github.cfaudit.config;

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
 */
public record SinkConfig(String name, String type, Optional<String> when, SinkSettings settings) {
    public SinkConfig {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(when, "when == null");
        Objects.requireNonNull(settings, "settings == null");
    }
}
