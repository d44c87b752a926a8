package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link of README.md, docs/ and bench/README.md reaches an existing file and, with #, a heading of it. */
class DocumentationLinksTest {
    /** Written by another change (issue 14); linked already. */
    private static final Set<String> PENDING = Set.of("docs/embedding.md");

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench/README.md")));
        try (Stream<Path> files = Files.walk(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs) {
            Matcher m = LINK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty()
                        ? doc
                        : doc.toAbsolutePath().getParent().resolve(file).normalize();
                String relative = Path.of("")
                        .toAbsolutePath()
                        .relativize(resolved.toAbsolutePath())
                        .toString();
                checked++;
                if (PENDING.contains(relative)) {
                    continue;
                }
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(doc + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(checked).isGreaterThan(20);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as '-'. */
    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").toLowerCase();
                StringBuilder a = new StringBuilder();
                heading.codePoints().forEach(c -> {
                    if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                        a.appendCodePoint(c);
                    } else if (c == ' ') {
                        a.append('-');
                    }
                });
                anchors.add(a.toString());
            }
        }
        return anchors;
    }
}
