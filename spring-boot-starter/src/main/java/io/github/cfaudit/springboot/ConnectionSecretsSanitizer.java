package io.github.cfaudit.springboot;

import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Hides the connection's secrets ({@code connection.token}, {@code .key}, {@code .proxy-password}) in
 * {@code /actuator/configprops} and {@code /actuator/env} even where the application shows values
 * ({@code management.endpoint.*.show-values=always}): since Spring Boot 3 the actuator masks either every value or
 * none, no longer by key name.
 */
public class ConnectionSecretsSanitizer implements SanitizingFunction {
    /**
     * A secret of the component's connection or of a named one, with the key normalized (lower case, {@code -}
     * dropped, {@code _} and brackets as dots): configprops reports {@code connection.token} and
     * {@code connections.tenant-a.token} below the bean's prefix, env the whole key in whatever relaxed form it was
     * set ({@code camel.component.cloudflare-audit.connection.token},
     * {@code CAMEL_COMPONENT_CLOUDFLAREAUDIT_CONNECTIONS_TENANTA_TOKEN}).
     */
    private static final Pattern SECRET = Pattern.compile(
            "^(?:(?:.*\\.)?cloudflareaudit\\.)?(?:connection|connections\\.[^.]+)\\.(?:token|key|proxypassword)$");

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getValue() == null) {
            return data;
        }
        String key = data.getKey()
                .toLowerCase(Locale.ROOT)
                .replace("-", "")
                .replaceAll("[_\\[\\]]", ".")
                .replaceAll("\\.+", ".")
                .replaceAll("\\.$", "");
        return SECRET.matcher(key).matches() ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
    }
}
