package io.github.cfaudit.sink.s3;

import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.SinkConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.formats.OcsfFormat;
import io.github.cfaudit.routing.EntryHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OCSF class per {@code codec=ocsf-parquet} sink: an Amazon Security Lake custom source is registered with one
 * event class, and its Glue table has that class's columns. The sources that can feed the sink are every source,
 * unless its {@code when} is nothing but alternatives of {@code ${header.CloudflareAuditSource} == 'name'} or
 * {@code ${header.CloudflareAuditSourceType} == 'type'} (joined by {@code ||}); any other predicate cannot be shown to
 * exclude a source, so it is taken to select from all of them. A sink whose sources map to more than one class is
 * refused at startup.
 */
public final class SecurityLakeClasses {
    private static final Pattern TERM = Pattern.compile("\\s*\\$\\{header\\.(" + EntryHeaders.SOURCE + "|"
            + EntryHeaders.SOURCE_TYPE + ")}\\s*==\\s*'([a-z0-9-]+)'\\s*");

    private SecurityLakeClasses() {}

    /** Refuses every {@code ocsf-parquet} sink of {@code sinks} that {@code sources} of two classes could feed. */
    public static void check(List<SourceConfig> sources, List<SinkConfig> sinks) {
        for (SinkConfig sink : sinks) {
            if (!(sink.codec() instanceof OcsfParquetCodec)) {
                continue;
            }
            Map<Integer, List<String>> byClass = new TreeMap<>();
            for (SourceConfig source : feeding(sink.when(), sources)) {
                byClass.computeIfAbsent(OcsfFormat.classUid(source.type()), c -> new ArrayList<>())
                        .add(source.name() + " (" + source.type().configName() + ")");
            }
            if (byClass.size() > 1) {
                StringBuilder classes = new StringBuilder();
                byClass.forEach((uid, names) -> classes.append(classes.length() == 0 ? "" : "; ")
                        .append(uid)
                        .append(uid == OcsfFormat.API_ACTIVITY ? " API Activity: " : " Entity Management: ")
                        .append(String.join(", ", names)));
                throw new ConfigException(
                        "cfaudit.sink." + sink.name() + ".codec",
                        "is ocsf-parquet, and the sources that can feed this sink map to more than one OCSF class ("
                                + classes + "), while an Amazon Security Lake custom source holds one class; valid: a "
                                + "`when` on the source, e.g. cfaudit.sink." + sink.name()
                                + ".when=${header.CloudflareAuditSourceType} == 'insight' (or == 'account' || ... for "
                                + "API Activity), or two sinks, one per class, each with its own security-lake.source");
            }
        }
    }

    /** The sources a sink's {@code when} can select (every source unless it names them, see the class comment). */
    static List<SourceConfig> feeding(Optional<String> when, List<SourceConfig> sources) {
        if (when.isEmpty()) {
            return sources;
        }
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> types = new TreeSet<>();
        for (String term : when.get().split("\\|\\|", -1)) {
            Matcher m = TERM.matcher(term);
            if (!m.matches()) {
                return sources;
            }
            (m.group(1).equals(EntryHeaders.SOURCE) ? names : types).add(m.group(2));
        }
        List<SourceConfig> selected = new ArrayList<>();
        for (SourceConfig s : sources) {
            if (names.contains(s.name()) || types.contains(s.type().configName())) {
                selected.add(s);
            }
        }
        return selected;
    }
}
