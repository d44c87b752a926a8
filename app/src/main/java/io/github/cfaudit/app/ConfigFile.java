package io.github.cfaudit.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the properties file and applies environment overrides: a variable named like the key in upper case with
 * {@code .} and {@code -} as {@code _} wins ({@code CFAUDIT_API_TOKEN} overrides {@code cfaudit.api.token}), so
 * secrets can stay out of the file.
 */
final class ConfigFile {
    /** Keys an environment variable may set even when the file does not mention them. */
    private static final Set<String> WELL_KNOWN = Set.of(
            "cfaudit.api.base-url",
            "cfaudit.api.token",
            "cfaudit.api.email",
            "cfaudit.api.key",
            "cfaudit.state.directory");

    private ConfigFile() {}

    static Map<String, String> load(Path file, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> map = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> map.put(k, p.getProperty(k)));
        return withEnvironment(map, env);
    }

    static Map<String, String> withEnvironment(Map<String, String> properties, Map<String, String> env) {
        Map<String, String> result = new LinkedHashMap<>(properties);
        for (String key : WELL_KNOWN) {
            result.putIfAbsent(key, null);
        }
        result.replaceAll((k, v) -> {
            String fromEnv = env.get(envName(k));
            return fromEnv != null ? fromEnv : v;
        });
        result.values().removeIf(java.util.Objects::isNull);
        return result;
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
