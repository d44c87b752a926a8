package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code cfaudit.*} key the hand-written documents name (in code spans and in properties examples) is a declared
 * option, so a renamed or removed option cannot linger in the prose.
 */
class DocumentedKeysTest {
    private static final Pattern KEY = Pattern.compile("(?:`|^)(cfaudit\\.[A-Za-z0-9.<>_-]*[A-Za-z0-9>_-])");

    @Test
    void everyKeyNamedInTheDocsIsDeclared() throws IOException {
        List<Pattern> declared = new ArrayList<>();
        for (OptionGroup g : OptionCatalog.groups()) {
            String prefix = quote(g.prefix());
            declared.add(
                    Pattern.compile(quote(g.prefix().substring(0, g.prefix().length() - 1))));
            for (Option<?> o : g.options()) {
                String name = Pattern.quote(o.name())
                        + (o.multiKey() ? "(\\.\\S+|\\.<api-param>|\\.\\*)?" : o.secret() ? "(-file)?" : "");
                declared.add(Pattern.compile(prefix + name));
            }
        }
        Set<String> undeclared = new TreeSet<>();
        int found = 0;
        for (Path doc : handWritten()) {
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                Matcher m = KEY.matcher(line);
                while (m.find()) {
                    String key = m.group(1).replaceAll("\\.\\*$", "");
                    found++;
                    if (declared.stream().noneMatch(p -> p.matcher(key).matches())) {
                        undeclared.add(doc + ": " + key);
                    }
                }
            }
        }
        assertThat(undeclared).isEmpty();
        assertThat(found).isGreaterThan(50);
    }

    /** The prefix as a pattern, {@code <name>} standing for itself or any name. */
    private static String quote(String prefix) {
        return Pattern.quote(prefix).replace("<name>", "\\E(?:<name>|[a-z0-9-]+)\\Q");
    }

    /** README.md and every .md below docs/ but the generated configuration.md. */
    static List<Path> handWritten() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.walk(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md") && !f.endsWith("configuration.md"))
                    .sorted()
                    .forEach(docs::add);
        }
        return docs;
    }
}
