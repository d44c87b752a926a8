package io.github.cfaudit.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The whole validated configuration: API access, where checkpoints live, the sources and the sinks. */
public record AuditConfig(ApiConfig api, Path stateDirectory, List<SourceConfig> sources, List<SinkConfig> sinks) {
    public static final String DEFAULT_STATE_DIRECTORY = "data/state";

    public AuditConfig {
        Objects.requireNonNull(api, "api == null");
        Objects.requireNonNull(stateDirectory, "stateDirectory == null");
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
    }
}
