package io.github.cfaudit.config;

/**
 * A configuration value is missing or invalid. The message always names the property key and what a valid value
 * looks like, because it is what an operator reads when the process refuses to start.
 */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The property key at fault. */
    public String key() {
        return key;
    }
}
