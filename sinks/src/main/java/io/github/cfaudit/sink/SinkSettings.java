package io.github.cfaudit.sink;

/**
 * The validated, type-specific settings of one sink (a record per sink type). Implementations must keep secrets in
 * {@link io.github.cfaudit.config.Secret} so that printing the settings reveals nothing.
 */
public interface SinkSettings {}
