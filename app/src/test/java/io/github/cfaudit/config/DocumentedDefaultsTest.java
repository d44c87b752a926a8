package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.component.CloudflareAuditEndpoint;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.spi.UriParam;
import org.junit.jupiter.api.Test;

/**
 * Every default the hand-written documents state for an option is the default its declaration has. The generated
 * {@code docs/configuration.md} cannot drift; the prose around it can. A stated default is found where a document
 * names an option together with a value in one of these forms:
 *
 * <ul>
 *   <li>{@code `key`, default `v`}, {@code `key` (default v)}, {@code `key`: default v}, {@code `key` defaults to v};
 *   <li>{@code `key=v` (default)} and {@code `key`: `v` by default};
 *   <li>in a properties example, {@code # key defaults to v}, and {@code # ... (default: v)} over a {@code key=} line;
 *   <li>a table with a {@code default} column: the first code span of the row's first cell is the key.
 * </ul>
 *
 * <p>A key is a full {@code cfaudit.*} key; in {@code docs/sinks/<type>.md} also a key below
 * {@code cfaudit.sink.<name>.}; in {@code docs/embedding.md} also an endpoint option, which stands for the property
 * {@link #URI_OPTIONS} says (as {@code CloudflareAuditEndpoint} maps it). A stated default whose key names no option
 * fails too: name the key, or link to {@code docs/configuration.md} instead of stating the value.
 */
class DocumentedDefaultsTest {
    /** The endpoint options of {@code cloudflare-audit:} that stand for a property with a default. */
    static final Map<String, String> URI_OPTIONS = Map.ofEntries(
            Map.entry("baseUrl", "cfaudit.api.base-url"),
            Map.entry("maxRetries", "cfaudit.api.max-retries"),
            Map.entry("retryDelay", "cfaudit.api.retry-delay"),
            Map.entry("timeout", "cfaudit.api.timeout"),
            Map.entry("pageSize", "cfaudit.source.<name>.page-size"),
            Map.entry("maxPages", "cfaudit.source.<name>.max-pages"),
            Map.entry("start", "cfaudit.source.<name>.start"),
            Map.entry("settle", "cfaudit.source.<name>.settle"),
            Map.entry("lookback", "cfaudit.source.<name>.lookback"),
            Map.entry("backfillParallelism", "cfaudit.source.<name>.backfill-parallelism"),
            Map.entry("backfillSlice", "cfaudit.source.<name>.backfill-slice"),
            Map.entry("stateDirectory", "cfaudit.state.directory"));
    /** Endpoint options that are Camel's own (the scheduled-poll options): their defaults are Camel's. */
    private static final Set<String> CAMELS = Set.of("initialDelay");

    private static final String KEY = "`([A-Za-z][A-Za-z0-9.<>_-]*)`";
    /** A value: a code span, or a word, with a time unit after a number. */
    private static final String VALUE =
            "(?:`([^`]+)`|([^\\s,;:)`]+(?: (?:ms|s|min|h|d|seconds?|minutes?|hours?|days?)\\b)?))";

    private static final List<Pattern> IN_PROSE = List.of(
            Pattern.compile(KEY + "(?:,| \\(|:)? ?defaults?(?: to| is|:)? " + VALUE),
            Pattern.compile("`([A-Za-z][A-Za-z0-9.<>_-]*)=([^`]+)` \\(default\\)"),
            Pattern.compile(KEY + ": " + VALUE + " by default"));
    private static final Pattern IN_COMMENT =
            Pattern.compile("^#\\s*([a-z][a-z0-9.<>-]*) defaults? (?:to |is )?" + VALUE);
    private static final Pattern COMMENT_OVER_KEY = Pattern.compile("^#.*\\(default:? ([^)]+)\\)");
    private static final Pattern PROPERTY = Pattern.compile("^(cfaudit\\.[^=\\s]+)=");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    /** A default a document states: where, the key as written, the value as written. */
    record Claim(Path file, int line, String key, String stated) {
        @Override
        public String toString() {
            return file + ":" + line + ": `" + key + "` default `" + stated + "`";
        }
    }

    @Test
    void everyDefaultTheDocsStateIsTheDeclaredOne() throws IOException {
        List<Claim> claims = new ArrayList<>();
        for (Path doc : DocumentedKeysTest.handWritten()) {
            claims.addAll(claims(doc, Files.readAllLines(doc, StandardCharsets.UTF_8)));
        }

        assertThat(problems(claims)).isEmpty();
        // each form is found where the docs use it, so a form that stops matching does not pass silently
        assertThat(claims)
                .extracting(Claim::key)
                .contains(
                        "cfaudit.api.rate-limit", // delivery.md: `key`, default `v`
                        "oversize", // sinks/syslog.md: `key=v` (default)
                        "facility", // sinks/syslog.md: `key`: `v` by default
                        "max-object-records", // sinks/s3.md: key and default on two lines of a paragraph
                        "port", // sinks/syslog.md: # key defaults to v
                        "cfaudit.cluster.node-id", // operations.md: # ... (default: v) over key=
                        "pageSize"); // embedding.md: the table's default column
    }

    @Test
    void aStatedDefaultThatDiffersFromTheDeclarationIsReportedWithFileLineKeyAndBothValues() {
        Path doc = Path.of("docs/sinks/syslog.md");
        List<Claim> claims = claims(
                doc,
                List.of(
                        "Budget (`cfaudit.api.rate-limit`, default `1200/PT5M`), pages of",
                        "`cfaudit.source.<name>.page-size` (default 500) and `oversize=reject` (default);",
                        "- `facility`: `local0` by default, `timeout` defaults to 30 s, and",
                        "  `connect-timeout`, default `PT10S`; `no-such-option`, default `3`; `retries`,",
                        "  default `4`",
                        "",
                        "| option | default |",
                        "|---|---|",
                        "| `framing` | `lf` |",
                        "",
                        "```properties",
                        "# port defaults to 1514",
                        "# unique per node (default: node-x)",
                        "cfaudit.cluster.node-id=node-a",
                        "```"));

        assertThat(problems(claims))
                .containsExactly(
                        "docs/sinks/syslog.md:1: `cfaudit.api.rate-limit` states default `1200/PT5M`, declared `1000/PT5M`",
                        "docs/sinks/syslog.md:2: `cfaudit.source.<name>.page-size` states default `500`, declared `1000`",
                        "docs/sinks/syslog.md:4: `no-such-option` states default `3` but is no option here: name the full"
                                + " key, or link to docs/configuration.md instead",
                        "docs/sinks/syslog.md:4: `retries` states default `4`, declared `3`",
                        "docs/sinks/syslog.md:2: `oversize` states default `reject`, declared `truncate`",
                        "docs/sinks/syslog.md:9: `framing` states default `lf`, declared `octet-counting`",
                        "docs/sinks/syslog.md:12: `port` states default `1514`, declared `514 (udp, tcp), 6514 (tls)`",
                        "docs/sinks/syslog.md:13: `cfaudit.cluster.node-id` states default `node-x`, declared `host name +"
                                + " pid`");
        assertThat(claims).hasSize(11);
    }

    @Test
    void theEndpointsUriParamDefaultsAreTheDeclaredOnes() {
        List<String> problems = new ArrayList<>();
        for (Field f : CloudflareAuditEndpoint.class.getDeclaredFields()) {
            UriParam param = f.getAnnotation(UriParam.class);
            if (param == null || param.defaultValue().isEmpty()) {
                continue;
            }
            String key = URI_OPTIONS.get(f.getName());
            if (key == null) {
                problems.add(f.getName() + ": a default, but no property in URI_OPTIONS");
                continue;
            }
            List<Option<?>> options = options(key);
            if (options.stream().noneMatch(o -> agrees(o, param.defaultValue()))) {
                problems.add(f.getName() + ": @UriParam default " + param.defaultValue() + ", " + key + " declares "
                        + options.get(0).defaultDescription());
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * The defaults {@code lines} of {@code file} state. Prose is matched a paragraph at a time (its lines joined), so a
     * key and its default on two lines are found; properties examples (fenced blocks) a line at a time.
     */
    static List<Claim> claims(Path file, List<String> lines) {
        List<Claim> claims = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        List<Integer> starts = new ArrayList<>(); // offset in paragraph of each of its lines
        int firstLine = 0;
        boolean fenced = false;
        int defaultColumn = -1;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            boolean prose = !fenced && !line.startsWith("```") && !line.startsWith("|") && !line.isBlank();
            if (!prose && paragraph.length() > 0) {
                proseClaims(file, paragraph.toString(), starts, firstLine, claims);
                paragraph.setLength(0);
                starts.clear();
            }
            if (i == lines.size()) {
                break;
            }
            int n = i + 1;
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (fenced) {
                commentClaims(file, lines, i, claims);
            } else if (line.startsWith("|")) {
                List<String> cells = cells(line);
                if (defaultColumn < 0
                        && i + 1 < lines.size()
                        && lines.get(i + 1).startsWith("|-")) {
                    defaultColumn = cells.indexOf("default");
                } else if (defaultColumn > 0 && !line.startsWith("|-") && cells.size() > defaultColumn) {
                    String stated = cells.get(defaultColumn);
                    Matcher key = CODE_SPAN.matcher(cells.get(0));
                    if (!stated.isEmpty() && key.find()) {
                        claims.add(new Claim(file, n, key.group(1), stated.replace("`", "")));
                    }
                }
                continue;
            } else if (prose) {
                if (paragraph.length() == 0) {
                    firstLine = n;
                } else {
                    paragraph.append(' ');
                }
                starts.add(paragraph.length());
                paragraph.append(line.trim());
            }
            defaultColumn = -1;
        }
        return claims;
    }

    private static void proseClaims(Path file, String paragraph, List<Integer> starts, int firstLine, List<Claim> out) {
        for (Pattern p : IN_PROSE) {
            Matcher m = p.matcher(paragraph);
            while (m.find()) {
                int line = firstLine;
                for (int k = 1; k < starts.size() && starts.get(k) <= m.start(); k++) {
                    line = firstLine + k;
                }
                out.add(new Claim(file, line, m.group(1), value(m)));
            }
        }
    }

    /** {@code # key defaults to v}, and {@code # ... (default: v)} over the {@code key=} line it is about. */
    private static void commentClaims(Path file, List<String> lines, int i, List<Claim> out) {
        String line = lines.get(i);
        Matcher comment = IN_COMMENT.matcher(line);
        if (comment.find()) {
            out.add(new Claim(file, i + 1, comment.group(1), value(comment)));
        }
        Matcher over = COMMENT_OVER_KEY.matcher(line);
        if (over.find()) {
            int next = i + 1;
            while (next < lines.size() && lines.get(next).startsWith("#")) {
                next++; // a comment of several lines: the key is on the first line after it
            }
            Matcher key = next < lines.size() ? PROPERTY.matcher(lines.get(next)) : null;
            if (key != null && key.find()) {
                out.add(new Claim(file, i + 1, key.group(1), over.group(1).trim()));
            }
        }
    }

    /** What is wrong with {@code claims}: one line per stated default that is not the declared one. */
    static List<String> problems(List<Claim> claims) {
        List<String> problems = new ArrayList<>();
        for (Claim c : claims) {
            if (CAMELS.contains(c.key()) && c.file().endsWith("embedding.md")) {
                continue;
            }
            List<Option<?>> options = resolve(c.file(), c.key());
            String where = c.file() + ":" + c.line() + ": `" + c.key() + "` states default `" + c.stated() + "`";
            if (options.isEmpty()) {
                problems.add(where + " but is no option here: name the full key, or link to docs/configuration.md "
                        + "instead");
            } else if (options.stream().noneMatch(o -> agrees(o, c.stated()))) {
                problems.add(where + ", declared `" + options.get(0).defaultDescription() + "`");
            }
        }
        return problems;
    }

    /** The options {@code key}, as written in {@code file}, may stand for. */
    private static List<Option<?>> resolve(Path file, String key) {
        if (key.startsWith("cfaudit.")) {
            return options(key);
        }
        if (file.endsWith("embedding.md") && URI_OPTIONS.containsKey(key)) {
            return options(URI_OPTIONS.get(key));
        }
        Path parent = file.getParent();
        if (parent != null && parent.endsWith(Path.of("docs", "sinks"))) {
            String type = file.getFileName().toString().replaceFirst("\\.md$", "");
            return options("cfaudit.sink.<name>." + key).stream()
                    .filter(o -> OptionCatalog.describe(type).orElseThrow().stream()
                            .anyMatch(g -> g.options().contains(o)))
                    .toList();
        }
        return List.of();
    }

    /** The options a full key names: more than one where groups share a prefix (the source and sink types). */
    private static List<Option<?>> options(String key) {
        List<Option<?>> found = new ArrayList<>();
        for (OptionGroup g : OptionCatalog.groups()) {
            String prefix = Pattern.quote(g.prefix()).replace("<name>", "\\E(?:<name>|[a-z0-9-]+)\\Q");
            Matcher m = Pattern.compile(prefix + "(.+)").matcher(key);
            if (m.matches()) {
                g.options().stream().filter(o -> o.name().equals(m.group(1))).forEach(found::add);
            }
        }
        return found;
    }

    /**
     * Whether {@code stated} is the declared default: the same value of the option's type ({@code PT60S} is
     * {@code PT1M}, {@code 60 s} too), or, for a default the declaration describes in words (computed, or none), words
     * found in that description.
     */
    static boolean agrees(Option<?> option, String stated) {
        String s = stated.replace("`", "").trim();
        Object declared = option.defaultValue();
        String written = declared instanceof Duration d ? Option.iso(d) : String.valueOf(declared);
        if (declared == null || !option.defaultDescription().equals(written)) {
            String words = option.defaultDescription().replace("`", "");
            return Pattern.compile("(?<![\\w.])" + Pattern.quote(s) + "(?![\\w.])", Pattern.CASE_INSENSITIVE)
                    .matcher(words)
                    .find();
        }
        if (declared instanceof Duration d) {
            return d.equals(duration(s));
        }
        if (declared instanceof Integer) {
            return written.equals(s.replaceAll("[_, ]", ""));
        }
        return option.type().equals("enum") || declared instanceof Boolean
                ? written.equalsIgnoreCase(s)
                : written.equals(s);
    }

    /** An ISO-8601 duration, or one as prose writes it: {@code 5 s}, {@code 10 min}; null when it is neither. */
    private static Duration duration(String s) {
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            Matcher m = Pattern.compile("(\\d+) ?(ms|s|seconds?|min|minutes?|h|hours?|d|days?)")
                    .matcher(s);
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).charAt(0)) {
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                case 's' -> Duration.ofSeconds(n);
                default -> m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofMinutes(n);
            };
        }
    }

    private static String value(Matcher m) {
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** The cells of a table row, trimmed, without the outer pipes; {@code \|} stays inside a cell. */
    private static List<String> cells(String row) {
        String inner = row.trim().replaceAll("^\\|", "").replaceAll("\\|$", "");
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }
}
