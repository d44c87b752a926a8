package io.github.cfaudit.config;

import io.github.cfaudit.formats.CloudflareFormat;
import io.github.cfaudit.formats.EcsFormat;
import io.github.cfaudit.formats.OcsfFormat;
import io.github.cfaudit.formats.OcsfVersion;
import io.github.cfaudit.formats.RecordFormat;
import io.github.cfaudit.formats.RecordFormats;
import io.github.cfaudit.sink.SinkType;
import io.github.cfaudit.sink.SinkTypes;
import io.github.cfaudit.sink.s3.OcsfParquetCodec;
import io.github.cfaudit.sink.s3.S3ObjectEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The options of every sink, {@code cfaudit.sink.<name>.*}; each sink type declares its own beside it. */
public final class SinkOptions {
    public static final Option<String> TYPE = Option.choice(
                    "type", null, List.copyOf(SinkTypes.all().keySet()), "the kind of sink")
            .defaultText("required");
    public static final Option<String> WHEN = Option.text(
                    "when",
                    "predicate",
                    null,
                    "Camel Simple, or JsonPath after " + "`jsonpath:`; checked for syntax at start",
                    "which entries go to this sink: "
                            + "`${body[action][result]} == 'failure'`, `${header.CloudflareAuditSource} == 'acme'`, "
                            + "`jsonpath:$[?(@.action.result == 'failure')]`")
            .defaultText("— (every entry)");
    public static final Option<String> CODEC = Option.choice(
            "codec",
            CloudflareFormat.NAME,
            codecNames(),
            "how each entry is written (docs/formats.md): `cloudflare` as Cloudflare sent it, `ocsf`, `ecs` (one "
                    + "JSON object per record: every sink type), `cef`, `leef` (one line: file and syslog sinks only), "
                    + "`ocsf-parquet` (S3 sinks only: Apache Parquet objects for Amazon Security Lake, with the "
                    + "`security-lake` module; docs/sinks/s3.md)");
    public static final Option<String> OCSF_VERSION = Option.choice(
            RecordFormats.OCSF_VERSION,
            OcsfVersion.DEFAULT.toString(),
            List.of(OcsfVersion.V1_8_0.toString(), OcsfVersion.V1_1_0.toString()),
            "with `codec=ocsf` or `ocsf-parquet` only: the OCSF version the records declare and validate against "
                    + "(`1.1.0`: what Amazon Security Lake validates custom sources against, and the default with "
                    + "`ocsf-parquet`)");
    public static final Option<Boolean> OCSF_RAW_DATA = Option.bool(
            RecordFormats.OCSF_RAW_DATA,
            false,
            "with `codec=ocsf` or `ocsf-parquet` only: `true` adds the entry as Cloudflare sent it as `raw_data`");
    public static final Option<Boolean> ECS_EVENT_ORIGINAL = Option.bool(
            RecordFormats.ECS_EVENT_ORIGINAL,
            false,
            "with `codec=ecs` only: `true` adds the entry as Cloudflare sent it as `event.original`");

    private SinkOptions() {}

    /**
     * The {@code codec} of a sink of {@code type} and its options: a codec the type does not write, or an option of
     * another codec, is refused naming the key and what is valid.
     */
    public static RecordFormat codec(ConfigProperties s, SinkType type) {
        String raw = s.string(CODEC);
        String codec = raw.trim().toLowerCase(Locale.ROOT);
        if (!type.codecs().contains(codec)) {
            String why = codec.equals(OcsfParquetCodec.NAME)
                    ? "'" + raw + "' is written by s3 sinks only (Apache Parquet objects for Amazon Security Lake)"
                    : RecordFormats.NAMES.contains(codec)
                            ? "'" + raw + "' is not written by a " + type.name() + " sink (cef and leef are one-line "
                                    + "records: file and syslog sinks only)"
                            : "'" + raw + "' is not valid";
            throw new ConfigException(
                    s.key(CODEC),
                    why + "; valid for type=" + type.name() + ": one of " + String.join(", ", type.codecs()));
        }
        boolean parquet = codec.equals(OcsfParquetCodec.NAME);
        Map<String, String> options = new LinkedHashMap<>();
        if (owned(s, OCSF_VERSION, OcsfFormat.NAME, codec)) {
            options.put(OCSF_VERSION.name(), s.choice(OCSF_VERSION, Map.of("1.8.0", "1.8.0", "1.1.0", "1.1.0")));
        } else if (parquet) {
            // what Amazon Security Lake validates custom sources against
            options.put(OCSF_VERSION.name(), OcsfVersion.V1_1_0.id());
        }
        if (owned(s, OCSF_RAW_DATA, OcsfFormat.NAME, codec)) {
            options.put(OCSF_RAW_DATA.name(), Boolean.toString(s.bool(OCSF_RAW_DATA)));
        }
        if (owned(s, ECS_EVENT_ORIGINAL, EcsFormat.NAME, codec)) {
            options.put(ECS_EVENT_ORIGINAL.name(), Boolean.toString(s.bool(ECS_EVENT_ORIGINAL)));
        }
        try {
            if (parquet) {
                S3ObjectEncoder encoder = S3ObjectEncoder.find(OcsfParquetCodec.NAME)
                        .orElseThrow(() -> new ConfigException(
                                s.key(CODEC),
                                "'" + raw + "' needs the module " + OcsfParquetCodec.MODULE + " on the class path, "
                                        + "and it is missing (the standalone application ships it; an embedding "
                                        + "application adds that dependency); valid without it: one of "
                                        + String.join(", ", SinkType.JSON_CODECS)));
                return new OcsfParquetCodec((OcsfFormat) RecordFormats.of(OcsfFormat.NAME, options), encoder);
            }
            return RecordFormats.of(codec, options);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.key(CODEC), e.getMessage());
        }
    }

    /**
     * Whether {@code option} is set; refused when set for a codec other than {@code owner} (an {@code ocsf} option
     * also belongs to {@code ocsf-parquet}, whose records are OCSF).
     */
    private static boolean owned(ConfigProperties s, Option<?> option, String owner, String codec) {
        if (s.optional(option).isEmpty()) {
            return false;
        }
        boolean ocsfParquet = owner.equals(OcsfFormat.NAME) && codec.equals(OcsfParquetCodec.NAME);
        if (!owner.equals(codec) && !ocsfParquet) {
            throw new ConfigException(
                    s.key(option),
                    "applies only with " + s.key(CODEC) + "=" + owner + ", and this sink's codec is " + codec
                            + "; valid: remove it, or set " + s.key(CODEC) + "=" + owner);
        }
        return true;
    }

    /** The values of {@code codec}: the formats module's, and {@code ocsf-parquet} of S3 sinks. */
    private static List<String> codecNames() {
        List<String> names = new ArrayList<>(RecordFormats.NAMES);
        names.add(OcsfParquetCodec.NAME);
        return List.copyOf(names);
    }

    static OptionGroup common() {
        return new OptionGroup(
                "sink",
                "Sinks",
                "cfaudit.sink.<name>.",
                "`<name>`: lower-case letters, digits and "
                        + "`-`. Every sink has these options, and those of its type; each entry goes to every sink whose "
                        + "`when` selects it.",
                List.of(TYPE, WHEN, CODEC, OCSF_VERSION, OCSF_RAW_DATA, ECS_EVENT_ORIGINAL));
    }
}
