package io.github.cfaudit.springboot;

import java.util.Locale;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Hides the connection's secrets ({@code connection.token}, {@code .key}, {@code .proxy-password}) in
 * {@code /actuator/configprops} and {@code /actuator/env} even where the application shows values
 * ({@code management.endpoint.*.show-values=always}): since Spring Boot 3 the actuator masks either every value or
 * none, no longer by key name.
 */
public class ConnectionSecretsSanitizer implements SanitizingFunction {
    /** The keys below {@code connection.} whose values are secrets, in the forms Spring may report them. */
    private static final Set<String> SECRETS = Set.of("token", "key", "proxy-password", "proxypassword");

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getValue() == null) {
            return data;
        }
        // configprops: "connection.token" below the bean's prefix; env: the whole key, in any relaxed form
        // (camel.component.cloudflare-audit.connection.token, CAMEL_COMPONENT_CLOUDFLAREAUDIT_CONNECTION_TOKEN)
        String key = data.getKey().toLowerCase(Locale.ROOT).replace('_', '.');
        int at = key.lastIndexOf("connection.");
        boolean ours =
                at == 0 || (at > 0 && key.substring(0, at).replace("-", "").contains("cloudflareaudit"));
        if (ours && SECRETS.contains(key.substring(at + "connection.".length()))) {
            return data.withValue(SanitizableData.SANITIZED_VALUE);
        }
        return data;
    }
}
