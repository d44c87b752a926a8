package io.github.cfaudit.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code cfaudit.*} option, declared once: its key below its section, how its value is written, its default, what
 * is valid, whether it is a secret, and one line saying what it does. {@link ConfigProperties} reads values only
 * through an {@code Option}, and the documentation ({@code docs/configuration.md}, {@code application.properties},
 * {@code --help-options}) is generated from the same objects, so an option cannot exist without its description.
 *
 * @param <T> what the parser makes of the value: {@code Integer}, {@code Boolean}, {@code Duration}, {@code Secret}
 *            or {@code String}
 */
public final class Option<T> {
    private final String name;
    private final String type;
    private final T defaultValue;
    private final String defaultText;
    private final String valid;
    private final String description;
    private final String example;
    private final long min;
    private final long max;
    private final Duration minDuration;
    private final List<String> values;

    private Option(
            String name,
            String type,
            T defaultValue,
            String defaultText,
            String valid,
            String description,
            String example,
            long min,
            long max,
            Duration minDuration,
            List<String> values) {
        this.name = Objects.requireNonNull(name, "name == null");
        this.type = Objects.requireNonNull(type, "type == null");
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.valid = Objects.requireNonNull(valid, "valid == null");
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("option " + name + " has no description");
        }
        this.description = description;
        this.example = example;
        this.min = min;
        this.max = max;
        this.minDuration = minDuration;
        this.values = values;
    }

    /** A free-form text; {@code type} and {@code valid} say how it is written (e.g. a cron expression). */
    public static Option<String> text(String name, String type, String defaultValue, String valid, String description) {
        return new Option<>(name, type, defaultValue, null, valid, description, null, 0, 0, null, List.of());
    }

    public static Option<String> string(String name, String defaultValue, String valid, String description) {
        return text(name, "string", defaultValue, valid, description);
    }

    public static Option<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new Option<>(
                name, "integer", defaultValue, null, min + " to " + max, description, null, min, max, null, List.of());
    }

    public static Option<Boolean> bool(String name, boolean defaultValue, String description) {
        return new Option<>(
                name, "boolean", defaultValue, null, "true, false", description, null, 0, 0, null, List.of());
    }

    /** An ISO-8601 duration ({@code PT30S}, {@code P7D}) of at least {@code min}. */
    public static Option<Duration> duration(String name, Duration defaultValue, Duration min, String description) {
        String valid = min.isZero() ? "ISO-8601 duration" : "ISO-8601 duration, at least " + min;
        return new Option<>(name, "duration", defaultValue, null, valid, description, null, 0, 0, min, List.of());
    }

    /** One of {@code values} (case-insensitive); {@code defaultValue} null: required. */
    public static Option<String> choice(String name, String defaultValue, List<String> values, String description) {
        return new Option<>(
                name,
                "enum",
                defaultValue,
                null,
                String.join(", ", values),
                description,
                null,
                0,
                0,
                null,
                List.copyOf(values));
    }

    /** A credential: also accepted as {@code <name>-file}, never printed. */
    public static Option<Secret> secret(String name, String description) {
        return new Option<>(name, "secret", null, null, "", description, null, 0, 0, null, List.of());
    }

    public static Option<String> path(String name, String defaultValue, String description) {
        return text(name, "path", defaultValue, "", description);
    }

    /** A value given as several keys below {@code name.}, e.g. {@code filter.<api-param>}. */
    public static Option<String> keys(String name, String placeholder, String valid, String description) {
        return new Option<>(name, "keys", null, null, valid, description, placeholder, 0, 0, null, List.of());
    }

    /** The same option with the default described in words, for a default computed at run time. */
    public Option<T> defaultText(String text) {
        return new Option<>(name, type, defaultValue, text, valid, description, example, min, max, minDuration, values);
    }

    /** The same option, with an example value for the commented {@code application.properties}. */
    public Option<T> example(String value) {
        return new Option<>(
                name, type, defaultValue, defaultText, valid, description, value, min, max, minDuration, values);
    }

    /** The key below its section, e.g. {@code page-size}. */
    public String name() {
        return name;
    }

    /** How the value is written: {@code integer}, {@code duration}, {@code enum}, {@code secret}, ... */
    public String type() {
        return type;
    }

    /** The default the parser uses, or null (none, required, or computed: see {@link #defaultDescription()}). */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean secret() {
        return type.equals("secret");
    }

    /** Several keys below {@code name.}: {@code filter.action_type.not}. */
    public boolean multiKey() {
        return type.equals("keys");
    }

    /** The key as documented: {@code page-size}, {@code filter.<api-param>}. */
    public String documentedName() {
        return multiKey() ? name + "." + example : name;
    }

    /** The default as the docs show it: the value, a sentence, or {@code —}. */
    public String defaultDescription() {
        if (defaultText != null) {
            return defaultText;
        }
        return defaultValue == null ? "—" : written(defaultValue);
    }

    /** The default as it would be written in a properties file, or an example, or empty. */
    public String propertiesValue() {
        if (defaultValue != null) {
            return written(defaultValue);
        }
        return example == null || multiKey() ? "" : example;
    }

    /** What is valid, e.g. {@code 1 to 1000} or {@code tcp, tls, udp}; empty: any value of the type. */
    public String valid() {
        return valid;
    }

    public String description() {
        return description;
    }

    int min() {
        return (int) min;
    }

    int max() {
        return (int) max;
    }

    Duration minDuration() {
        return minDuration;
    }

    List<String> values() {
        return values;
    }

    /** A duration as one would write it: {@code P1D} rather than {@code PT24H}. */
    public static String iso(Duration d) {
        return !d.isZero() && d.toSeconds() % 86_400 == 0 && d.toNanosPart() == 0
                ? "P" + d.toDays() + "D"
                : d.toString();
    }

    private static String written(Object value) {
        return value instanceof Duration d ? iso(d) : String.valueOf(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
