package io.github.cfaudit.formats;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link RecordFormat} from its codec name and options, as a configuration names them
 * ({@code codec=ocsf}, {@code ocsf-version=1.1.0}, ...). Every error names the valid values.
 */
public final class RecordFormats {
    /** The codec names, the default first. */
    public static final List<String> NAMES =
            List.of(CloudflareFormat.NAME, OcsfFormat.NAME, EcsFormat.NAME, CefFormat.NAME, LeefFormat.NAME);

    /** {@code 1.8.0} (default) or {@code 1.1.0}. */
    public static final String OCSF_VERSION = "ocsf-version";
    /** {@code true}: OCSF records carry the verbatim entry as {@code raw_data} (default false). */
    public static final String OCSF_RAW_DATA = "ocsf-raw-data";
    /** {@code true}: ECS documents carry the verbatim entry as {@code event.original} (default false). */
    public static final String ECS_EVENT_ORIGINAL = "ecs-event-original";

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            CloudflareFormat.NAME, Set.of(),
            OcsfFormat.NAME, Set.of(OCSF_VERSION, OCSF_RAW_DATA),
            EcsFormat.NAME, Set.of(ECS_EVENT_ORIGINAL),
            CefFormat.NAME, Set.of(),
            LeefFormat.NAME, Set.of());

    private RecordFormats() {}

    /** The format with default options. */
    public static RecordFormat of(String name) {
        return of(name, Map.of());
    }

    /**
     * The format {@code name} with {@code options} (keys as above, without the {@code cfaudit.sink.<name>.}
     * prefix). An unknown name, an option the codec does not have, or an invalid value is refused.
     */
    public static RecordFormat of(String name, Map<String, String> options) {
        Objects.requireNonNull(options, "options == null");
        String codec = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Set<String> allowed = OPTIONS.get(codec);
        if (allowed == null) {
            throw new IllegalArgumentException("unknown codec '" + name + "': use one of " + String.join(", ", NAMES));
        }
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("option '" + key + "' does not apply to codec " + codec
                        + (allowed.isEmpty()
                                ? " (it has no options)"
                                : ": use " + String.join(", ", new TreeSet<>(allowed))));
            }
        }
        return switch (codec) {
            case OcsfFormat.NAME ->
                new OcsfFormat(
                        options.containsKey(OCSF_VERSION)
                                ? ocsfVersion(options.get(OCSF_VERSION))
                                : OcsfVersion.DEFAULT,
                        bool(options, OCSF_RAW_DATA));
            case EcsFormat.NAME -> new EcsFormat(bool(options, ECS_EVENT_ORIGINAL));
            case CefFormat.NAME -> new CefFormat();
            case LeefFormat.NAME -> new LeefFormat();
            default -> new CloudflareFormat();
        };
    }

    private static OcsfVersion ocsfVersion(String value) {
        try {
            return OcsfVersion.of(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(OCSF_VERSION + ": " + e.getMessage(), e);
        }
    }

    private static boolean bool(Map<String, String> options, String key) {
        String v = options.get(key);
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + v + "' is not a boolean: use true or false");
        };
    }
}
