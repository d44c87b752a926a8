package io.github.cfaudit.config;

import io.github.cfaudit.sink.SinkType;
import io.github.cfaudit.sink.SinkTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Every option group, in the order the documentation lists them. */
public final class OptionCatalog {
    private OptionCatalog() {}

    public static List<OptionGroup> groups() {
        List<OptionGroup> groups = new ArrayList<>();
        groups.add(ConnectionOptions.api());
        groups.add(ConnectionOptions.named());
        groups.addAll(GlobalOptions.groups());
        groups.add(SourceOptions.common());
        groups.addAll(SourceOptions.byType());
        groups.add(SinkOptions.common());
        SinkTypes.all().values().forEach(t -> groups.add(t.options()));
        return groups;
    }

    /** The source and sink types by name, each with the options of every source or sink first. */
    public static Map<String, List<OptionGroup>> types() {
        Map<String, List<OptionGroup>> types = new LinkedHashMap<>();
        for (OptionGroup g : SourceOptions.byType()) {
            types.put(g.id(), List.of(SourceOptions.common(), g));
        }
        for (SinkType t : SinkTypes.all().values()) {
            types.put(t.name(), List.of(SinkOptions.common(), t.options()));
        }
        return types;
    }

    /** The groups of a source or sink type, or of a group such as {@code api} or {@code cluster}. */
    public static Optional<List<OptionGroup>> describe(String name) {
        String n = name.toLowerCase();
        List<OptionGroup> type = types().get(n);
        if (type != null) {
            return Optional.of(type);
        }
        return groups().stream().filter(g -> g.id().equals(n)).findFirst().map(List::of);
    }

    /** Every name {@link #describe} knows. */
    public static List<String> describable() {
        TreeSet<String> names = new TreeSet<>(types().keySet());
        groups().forEach(g -> names.add(g.id()));
        return List.copyOf(names);
    }

    /**
     * What is valid where an unknown key was found: the declared keys of its section, e.g. for
     * {@code cfaudit.sink.all.directroy} those of a file sink.
     */
    static String hint(String key, List<SourceConfig> sources, List<SinkConfig> sinks) {
        String[] parts = key.split("\\.");
        List<String> valid = new ArrayList<>();
        String where = null;
        if (parts.length >= 4 && parts[1].equals("source")) {
            where = "a source";
            valid.addAll(SourceOptions.common().names());
            sources.stream()
                    .filter(s -> s.name().equals(parts[2]))
                    .findFirst()
                    .flatMap(s -> describe(s.endpoint().type().configName()))
                    .ifPresent(groups -> valid.addAll(groups.get(1).names()));
        } else if (parts.length >= 4 && parts[1].equals("sink")) {
            where = "a sink";
            valid.addAll(SinkOptions.common().names());
            sinks.stream()
                    .filter(s -> s.name().equals(parts[2]))
                    .findFirst()
                    .map(s -> SinkTypes.all().get(s.type()).options().names())
                    .ifPresent(valid::addAll);
        } else if (parts.length >= 4 && parts[1].equals("connection")) {
            where = "a connection";
            valid.addAll(ConnectionOptions.named().names());
        } else {
            for (OptionGroup g : groups()) {
                boolean longer = where == null || g.prefix().length() > where.length() - 1;
                if (!g.prefix().contains("<") && key.startsWith(g.prefix()) && longer) {
                    where = g.prefix() + "*";
                    valid.clear();
                    valid.addAll(g.names());
                }
            }
        }
        String docs = "see docs/configuration.md or --help-options for valid keys";
        return where == null ? docs : "valid for " + where + ": " + String.join(", ", valid) + "; " + docs;
    }
}
