package io.github.cfaudit.operations;

import java.time.Duration;

/**
 * {@code cfaudit.health.*} and {@code cfaudit.progress.*}.
 *
 * @param maxLag           readiness goes down when a source's watermark is older than this
 * @param maxFailures      readiness goes down after this many failed runs in a row
 * @param progressInterval how often a long run logs its progress
 */
public record HealthSettings(Duration maxLag, int maxFailures, Duration progressInterval) {
    public static final HealthSettings DEFAULTS = new HealthSettings(Duration.ofMinutes(30), 3, Duration.ofSeconds(30));
}
