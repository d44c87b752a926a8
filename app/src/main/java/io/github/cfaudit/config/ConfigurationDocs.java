package io.github.cfaudit.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates the option reference from the declarations: {@code docs/configuration.md}, the commented
 * {@code application.properties}, and the terminal text of {@code --help-options}. {@code ConfigurationDocsTest}
 * fails when a committed file differs from what this produces; regenerate them with
 * {@code mvn -B -q test -Dtest=ConfigurationDocsTest -Dcfaudit.regenerate=true}, or
 * {@code java -cp app/target/camel-cloudflare-audit.jar io.github.cfaudit.config.ConfigurationDocs .}
 */
public final class ConfigurationDocs {
    public static final String MARKDOWN = "docs/configuration.md";
    public static final String PROPERTIES = "application.properties";
    static final String REGENERATE = "mvn -B -q test -Dtest=ConfigurationDocsTest -Dcfaudit.regenerate=true";
    private static final int WIDTH = 116;

    /** The name used for {@code <name>} in {@code application.properties}, per group. */
    private static final Map<String, String> EXAMPLE_NAMES = Map.ofEntries(
            Map.entry("connection", "tenant-b"),
            Map.entry("source", "account"),
            Map.entry("organization", "org"),
            Map.entry("account", "account"),
            Map.entry("insight", "insights"),
            Map.entry("account-v1", "account-v1"),
            Map.entry("user-v1", "user-v1"),
            Map.entry("sink", "archive"),
            Map.entry("file", "archive"),
            Map.entry("endpoint", "stream"),
            Map.entry("s3", "s3-archive"),
            Map.entry("syslog", "siem"));

    /** What the shipped {@code application.properties} sets: one account source, everything to files. */
    private static final Map<String, String> STARTER = starter();

    private ConfigurationDocs() {}

    /** Writes both files below {@code args[0]} (default: the working directory, i.e. the project root). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(root.resolve(MARKDOWN).getParent());
        Files.writeString(root.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
        Files.writeString(root.resolve(PROPERTIES), properties(), StandardCharsets.UTF_8);
        System.out.println("wrote " + root.resolve(MARKDOWN) + " and " + root.resolve(PROPERTIES));
    }

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("<!-- Generated from the option declarations (io.github.cfaudit.config.OptionCatalog) by "
                        + "ConfigurationDocs: do not edit.\n     Regenerate: ")
                .append(REGENERATE)
                .append(" -->\n");
        md.append("""
                # Configuration

                The standalone application reads `application.properties` (or `--config FILE`); an embedding host
                passes the same keys to `CloudflareAuditRoutes.fromProperties`. Any key can be overridden by an
                environment variable named like it in upper case with `.` and `-` as `_` (`CFAUDIT_API_TOKEN`
                overrides `cfaudit.api.token`): keep secrets there, or in files.

                Every value is validated at start; a bad one stops the process with exit code 2 and a message naming
                the key and what would be valid, e.g.

                ```
                Configuration error: cfaudit.source.acme.page-size: 5000 is out of range; valid: 1 to 1000
                ```

                Unknown keys below `cfaudit.` are errors too (a typo never silently falls back to a default).
                Durations are ISO-8601 (`PT30S`, `PT10M`, `P7D`). Every **secret** option `X` can instead be given
                as `X-file=/path`: the content of that file, its trailing newline removed (a mounted Kubernetes or
                Docker secret; see [operations.md](operations.md#secrets-from-files)). The options of one source or
                sink type, in the terminal: `java -jar app/target/camel-cloudflare-audit.jar --help-options syslog`.

                """);
        for (OptionGroup g : OptionCatalog.groups()) {
            md.append("- [")
                    .append(plain(g.title()))
                    .append("](#")
                    .append(anchor(g))
                    .append(")\n");
        }
        for (OptionGroup g : OptionCatalog.groups()) {
            md.append("\n## ")
                    .append(g.title())
                    .append(" — `")
                    .append(g.prefix())
                    .append("…`\n\n");
            md.append(g.intro()).append("\n\n");
            if (g.options().isEmpty()) {
                md.append("No options of its own.\n");
                continue;
            }
            md.append("| key | type | default | valid | description |\n|---|---|---|---|---|\n");
            for (Option<?> o : g.options()) {
                String key = "`" + o.documentedName() + "`" + (o.secret() ? " (or `" + o.name() + "-file`)" : "");
                md.append("| ")
                        .append(key)
                        .append(" | ")
                        .append(o.type())
                        .append(" | ")
                        .append(cell(code(o.defaultDescription())))
                        .append(" | ")
                        .append(cell(o.valid()))
                        .append(" | ")
                        .append(o.secret() ? "**Secret.** " : "")
                        .append(cell(o.description()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    public static String properties() {
        StringBuilder p = new StringBuilder();
        p.append("""
                # camel-cloudflare-audit: configuration of the standalone application.
                # Generated from the option declarations with every option and its default (docs/configuration.md has
                # the same as tables); do not edit the comments here, regenerate:
                """).append("#   ").append(REGENERATE).append("\n").append("""
                # Lines without '#' are the starting configuration: one account source, everything to files.
                # Any key can be overridden by an environment variable named like it in upper case with '.' and '-' as '_':
                #   CFAUDIT_API_TOKEN overrides cfaudit.api.token, CFAUDIT_SOURCE_ACCOUNT_ACCOUNT_ID overrides
                #   cfaudit.source.account.account-id. Keep secrets in the environment or in files (X-file=/path).
                """);
        Set<String> printed = new HashSet<>();
        for (OptionGroup g : OptionCatalog.groups()) {
            String name = EXAMPLE_NAMES.get(g.id());
            String prefix = name == null ? g.prefix() : g.prefix().replace("<name>", name);
            p.append("\n# ")
                    .append("-".repeat(WIDTH - 2))
                    .append("\n# ")
                    .append(plain(g.title()))
                    .append(": ")
                    .append(g.prefix())
                    .append("*\n# ")
                    .append("-".repeat(WIDTH - 2))
                    .append("\n");
            comment(p, plain(g.intro()));
            String typeLine = typeLine(g, prefix);
            if (typeLine != null && printed.add(typeLine)) {
                p.append(typeLine).append("\n");
            }
            for (Option<?> o : g.options()) {
                String text = plain(o.description());
                String dflt = plain(o.defaultDescription());
                text += dflt.equals("—") ? "" : ". Default: " + dflt;
                text += o.valid().isEmpty() || o.type().equals("boolean") ? "" : ". Valid: " + plain(o.valid());
                comment(p, text + (o.secret() ? ". Secret: or " + o.name() + "-file=/path" : "") + ".");
                String key = prefix + (o.multiKey() ? o.name() + ".action_type.not" : o.name());
                String value = o.multiKey() ? "view" : o.propertiesValue();
                if (STARTER.containsKey(key)) {
                    if (printed.add(key + "=" + STARTER.get(key))) {
                        p.append(key).append("=").append(STARTER.get(key)).append("\n");
                    }
                } else {
                    p.append("#").append(key).append("=").append(value).append("\n");
                }
                if (o.secret()) {
                    p.append("#")
                            .append(key)
                            .append("-file=/run/secrets/")
                            .append(o.name())
                            .append("\n");
                }
            }
            if (g.id().equals("file")) {
                p.append("""

                        # Failed actions only, to their own files (JsonPath, so insight changes without 'action' simply \
                        do not match).
                        cfaudit.sink.failures.type=file
                        cfaudit.sink.failures.directory=data/failures
                        cfaudit.sink.failures.when=jsonpath:$[?(@.action.result == 'failure')]
                        """);
            }
        }
        p.append("\n# ")
                .append("-".repeat(WIDTH - 2))
                .append("""

                # Camel: health (/observe/health) and Prometheus metrics (/observe/metrics) on the management server
                """)
                .append("# ")
                .append("-".repeat(WIDTH - 2))
                .append("""

                #camel.management.port=9876
                #camel.management.enabled=true
                camel.main.name=cloudflare-audit
                # YAML routes: by default routes/*.yaml beside this file.
                #camel.main.routes-include-pattern=file:routes/*.yaml
                """);
        return p.toString();
    }

    /** The options of {@code groups} as terminal text, for {@code --help-options}. */
    public static String terminal(List<OptionGroup> groups) {
        StringBuilder t = new StringBuilder();
        for (OptionGroup g : groups) {
            t.append(plain(g.title())).append(": ").append(g.prefix()).append("*\n");
            wrap(t, plain(g.intro()), "  ");
            for (Option<?> o : g.options()) {
                t.append("\n  ")
                        .append(o.documentedName())
                        .append(o.secret() ? " (or " + o.name() + "-file)" : "")
                        .append("  [")
                        .append(o.type())
                        .append(", default: ")
                        .append(plain(o.defaultDescription()))
                        .append("]\n");
                wrap(t, (o.secret() ? "Secret. " : "") + plain(o.description()), "      ");
                if (!o.valid().isEmpty()) {
                    wrap(t, "valid: " + plain(o.valid()), "      ");
                }
            }
            t.append("\n");
        }
        return t.toString();
    }

    private static String typeLine(OptionGroup g, String prefix) {
        Map<String, String> types = new LinkedHashMap<>();
        OptionCatalog.types().forEach((type, groups) -> types.put(groups.get(1).id(), type));
        if (!types.containsKey(g.id()) || g.id().equals("source") || g.id().equals("sink")) {
            return null;
        }
        String key = prefix + "type";
        return STARTER.containsKey(key) ? key + "=" + STARTER.get(key) : "#" + key + "=" + types.get(g.id());
    }

    private static void comment(StringBuilder p, String text) {
        wrap(p, text, "# ");
    }

    private static void wrap(StringBuilder out, String text, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && indent.length() + line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        lines.forEach(l -> out.append(indent).append(l).append("\n"));
    }

    /** Pipes escaped; outside code spans also {@code <} and {@code >}, which would read as HTML. */
    private static String cell(String text) {
        String[] parts = text.split("`", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = i % 2 == 0 ? parts[i].replace("<", "&lt;").replace(">", "&gt;") : parts[i];
            out.append(i > 0 ? "`" : "").append(part.replace("|", "\\|"));
        }
        return out.toString();
    }

    /** A default that is a value is shown as code; words ({@code required}, a sentence) stay text. */
    private static String code(String dflt) {
        boolean words = dflt.equals("—") || dflt.equals("required") || dflt.contains(" ") || dflt.contains("`");
        return words ? dflt : "`" + dflt + "`";
    }

    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }

    private static String anchor(OptionGroup g) {
        String heading = (g.title() + " — " + g.prefix() + "…").toLowerCase();
        StringBuilder a = new StringBuilder();
        for (char c : heading.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                a.append(c);
            } else if (c == ' ') {
                a.append('-');
            }
        }
        return a.toString();
    }

    private static Map<String, String> starter() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cfaudit.state.directory", "data/state");
        m.put("cfaudit.source.account.type", "account");
        m.put("cfaudit.source.account.account-id", "");
        m.put("cfaudit.source.account.schedule", "0 * * * * ?");
        m.put("cfaudit.source.account.start", "P7D");
        m.put("cfaudit.sink.archive.type", "file");
        m.put("cfaudit.sink.archive.directory", "data/audit");
        return m;
    }
}
