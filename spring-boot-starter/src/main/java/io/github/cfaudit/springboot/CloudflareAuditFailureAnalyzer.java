package io.github.cfaudit.springboot;

import io.github.cfaudit.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A bad {@code camel.component.cloudflare-audit.*} value, as Spring Boot reports a failed start: key and remedy. */
public class CloudflareAuditFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Correct " + cause.key() + " in the application's configuration (application.yaml, "
                        + "application.properties or the environment).",
                cause);
    }
}
