package io.github.cfaudit.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A read-only view of the {@code cfaudit.*} properties under one prefix, with typed getters that turn a bad value
 * into a {@link ConfigException} naming the full key. It remembers which keys were read so that a typo
 * ({@code cfaudit.sink.all.directroy}) is reported instead of silently ignored. Values are read only through an
 * {@link Option}, the one declaration of a key with its default, range and description.
 */
public final class ConfigProperties {
    private final String prefix;
    private final Map<String, String> values;
    private final Set<String> read;

    private ConfigProperties(String prefix, Map<String, String> values, Set<String> read) {
        this.prefix = prefix;
        this.values = values;
        this.read = read;
    }

    /** All properties; keys are full names such as {@code cfaudit.api.token}. Blank values count as absent. */
    public static ConfigProperties of(Map<String, String> properties) {
        Map<String, String> copy = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                copy.put(k.trim(), v.trim());
            }
        });
        return new ConfigProperties("", copy, new HashSet<>());
    }

    /** The view of the keys below {@code prefix + "."}, sharing this view's record of read keys. */
    public ConfigProperties section(String name) {
        return new ConfigProperties(key(name) + ".", values, read);
    }

    public String key(String name) {
        return prefix + name;
    }

    public String key(Option<?> option) {
        return key(option.name());
    }

    /** The raw value of {@code option}, without its default. */
    public Optional<String> optional(Option<?> option) {
        return optional(option.name());
    }

    /** The full key {@code option} is set under: its own, or a secret's {@code -file} variant; empty when unset. */
    public Optional<String> setKey(Option<?> option) {
        if (optional(option.name()).isPresent()) {
            return Optional.of(key(option.name()));
        }
        String file = option.name() + SecretFiles.SUFFIX;
        return option.secret() && optional(file).isPresent() ? Optional.of(key(file)) : Optional.empty();
    }

    /** The raw value, which must be set; {@code whatIsValid} completes the message when it is not. */
    public String required(Option<?> option, String whatIsValid) {
        return required(option.name(), whatIsValid);
    }

    public String string(Option<String> option) {
        return string(option.name(), option.defaultValue());
    }

    /** For a default that depends on other options or on the host, e.g. the TLS server name (the host). */
    public String string(Option<String> option, String contextualDefault) {
        return string(option.name(), contextualDefault);
    }

    /** Keys (relative to this section) below {@code option.}, e.g. every {@code filter.*}. */
    public Map<String, String> subKeys(Option<String> option) {
        requireType(option, "keys");
        return subKeys(option.name());
    }

    public Optional<Secret> secret(Option<Secret> option) {
        return secret(option.name());
    }

    public int integer(Option<Integer> option) {
        return integer(option, option.defaultValue());
    }

    /** For a default inherited from another section, e.g. a connection's retries from {@code cfaudit.api.*}. */
    public int integer(Option<Integer> option, int contextualDefault) {
        return integer(option.name(), contextualDefault, option.min(), option.max());
    }

    /** For a range that depends on another option (within the declared one), e.g. a syslog size by protocol. */
    public int integer(Option<Integer> option, int contextualDefault, int min, int max) {
        if (min < option.min() || max > option.max()) {
            throw new IllegalArgumentException(option + ": " + min + " to " + max + " is outside the declared range");
        }
        return integer(option.name(), contextualDefault, min, max);
    }

    public boolean bool(Option<Boolean> option) {
        return bool(option.name(), option.defaultValue());
    }

    public Duration duration(Option<Duration> option) {
        return duration(option, option.defaultValue());
    }

    public Duration duration(Option<Duration> option, Duration contextualDefault) {
        return duration(option.name(), contextualDefault, option.minDuration());
    }

    /** One of the option's declared values, mapped by {@code choices}, which must name exactly those values. */
    public <E> E choice(Option<String> option, Map<String, E> choices) {
        requireType(option, "enum");
        if (!new TreeSet<>(choices.keySet()).equals(new TreeSet<>(option.values()))) {
            throw new IllegalArgumentException(
                    option + " declares " + option.values() + " but is parsed as " + choices.keySet());
        }
        return choice(option.name(), choices, option.defaultValue());
    }

    public Path path(Option<String> option) {
        requireType(option, "path");
        return path(option.name(), option.defaultValue());
    }

    public URI httpUrl(Option<String> option) {
        return httpUrl(option.name(), option.defaultValue());
    }

    private static void requireType(Option<?> option, String type) {
        if (!option.type().equals(type)) {
            throw new IllegalArgumentException(option + " is declared as " + option.type() + ", not " + type);
        }
    }

    /** Names directly below {@code name.} that have at least one key, e.g. the source names below {@code cfaudit.source}. */
    public Set<String> childNames(String name) {
        String p = key(name) + ".";
        Set<String> names = new TreeSet<>();
        for (String k : values.keySet()) {
            if (k.startsWith(p)) {
                String rest = k.substring(p.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return names;
    }

    /** Keys (relative to this section) starting with {@code name.}, e.g. every {@code filter.*}. */
    private Map<String, String> subKeys(String name) {
        String p = key(name) + ".";
        Map<String, String> found = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                read.add(k);
                found.put(k.substring(p.length()), v);
            }
        });
        return found;
    }

    private Optional<String> optional(String name) {
        String k = key(name);
        read.add(k);
        return Optional.ofNullable(values.get(k));
    }

    private String required(String name, String whatIsValid) {
        return optional(name).orElseThrow(() -> new ConfigException(key(name), "is required: " + whatIsValid));
    }

    private String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    /**
     * A secret given as {@code name} or, for mounted secrets, as {@code name-file}: the content of that file with its
     * trailing line break removed. Both set, or a file that cannot be read, is an error naming the key; the value
     * itself never appears in a message.
     */
    private Optional<Secret> secret(String name) {
        Optional<String> inline = optional(name);
        Optional<String> file = optional(name + SecretFiles.SUFFIX);
        if (file.isEmpty()) {
            return inline.map(Secret::of);
        }
        if (inline.isPresent()) {
            throw new ConfigException(
                    key(name + SecretFiles.SUFFIX),
                    "is set together with " + key(name) + "; valid: set only one of them");
        }
        return Optional.of(SecretFiles.read(key(name + SecretFiles.SUFFIX), file.get()));
    }

    private int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    key(name), "'" + raw.get() + "' is not a whole number; valid: " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new ConfigException(key(name), value + " is out of range; valid: " + min + " to " + max);
        }
        return value;
    }

    private boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new ConfigException(key(name), "'" + raw.get() + "' is not a boolean; valid: true or false");
        };
    }

    /** An ISO-8601 duration such as {@code PT1M} or {@code P7D}, at least {@code min}. */
    private Duration duration(String name, Duration defaultValue, Duration min) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Duration d = parseDuration(raw.get())
                .orElseThrow(() -> new ConfigException(
                        key(name),
                        "'" + raw.get() + "' is not an ISO-8601 duration; valid examples: PT30S, PT10M, PT6H, P7D"));
        if (d.compareTo(min) < 0) {
            throw new ConfigException(key(name), raw.get() + " is too short; valid: at least " + min);
        }
        return d;
    }

    private <E> E choice(String name, Map<String, E> choices, String defaultChoice) {
        String raw = defaultChoice == null ? required(name, "one of " + choices.keySet()) : string(name, defaultChoice);
        E value = choices.get(raw.toLowerCase());
        if (value == null) {
            throw new ConfigException(
                    key(name), "'" + raw + "' is not valid; valid: one of " + String.join(", ", choices.keySet()));
        }
        return value;
    }

    private Path path(String name, String defaultValue) {
        String raw = string(name, defaultValue);
        try {
            return Path.of(raw);
        } catch (RuntimeException e) {
            throw new ConfigException(key(name), "'" + raw + "' is not a valid path");
        }
    }

    private URI httpUrl(String name, String defaultValue) {
        String raw = string(name, defaultValue);
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getQuery() != null
                    || uri.getUserInfo() != null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (Exception e) {
            throw new ConfigException(
                    key(name),
                    "'" + raw + "' is not an http(s) URL without query or user info; valid example: "
                            + "https://api.cloudflare.com/client/v4");
        }
    }

    /** Comma-separated values, trimmed, empty items dropped. */
    public static List<String> splitList(String raw) {
        List<String> items = new ArrayList<>();
        for (String s : raw.split(",")) {
            if (!s.isBlank()) {
                items.add(s.trim());
            }
        }
        return items;
    }

    /** Fails on any key below this section that no parser read: almost always a typo. */
    public void rejectUnread(Function<String, String> hint) {
        for (String k : values.keySet()) {
            if (k.startsWith(prefix) && !read.contains(k)) {
                throw new ConfigException(k, "is not a known option; " + hint.apply(k));
            }
        }
    }

    /** Resolves an instant ({@code 2026-11-01T00:00:00Z}) or a duration back from now ({@code P7D}). */
    public static Optional<Duration> parseDuration(String raw) {
        try {
            return Optional.of(Duration.parse(raw.toUpperCase()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static Optional<Instant> parseInstant(String raw) {
        try {
            return Optional.of(Instant.parse(raw));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String joined(Collection<String> values) {
        return String.join(", ", values);
    }
}
