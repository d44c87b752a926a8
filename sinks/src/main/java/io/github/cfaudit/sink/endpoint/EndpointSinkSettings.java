package io.github.cfaudit.sink.endpoint;

import io.github.cfaudit.sink.SinkSettings;

/**
 * {@code cfaudit.sink.<name>.type=endpoint}: hands each selected entry to a Camel endpoint, typically
 * {@code direct:<route>} of a route of your own (a YAML route in {@code routes/}, or a host application's route).
 *
 * @param uri {@code uri}: the Camel endpoint URI
 */
public record EndpointSinkSettings(String uri) implements SinkSettings {}
