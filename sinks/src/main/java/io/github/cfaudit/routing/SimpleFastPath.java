package io.github.cfaudit.routing;

import io.github.cfaudit.routing.FastPredicate.FieldCompare;
import io.github.cfaudit.routing.FastPredicate.HeaderCompare;
import io.github.cfaudit.routing.FastPredicate.Language;
import io.github.cfaudit.routing.FastPredicate.Logical;
import io.github.cfaudit.routing.FastPredicate.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recognises the Simple predicates decided without Camel: {@code ${body[a][b]} OP 'literal'} and
 * {@code ${header.NAME} OP 'literal'} with OP one of {@code ==}, {@code !=}, {@code in}, {@code regex},
 * {@code contains}, joined by {@code &&} or by {@code ||} (not both: Simple has no precedence between them). Anything
 * else, and any literal with a quote, backslash or {@code $} in it, is not recognised and stays Camel's.
 */
public final class SimpleFastPath {
    private static final Set<String> HEADERS =
            Set.of(EntryHeaders.SOURCE, EntryHeaders.SOURCE_TYPE, EntryHeaders.ENTRY_ID);
    private static final Pattern TERM = Pattern.compile(
            "\\$\\{(?:body(?<keys>(?:\\[[A-Za-z0-9_]+])+)|(?:in\\.)?headers?\\.(?<header>[A-Za-z0-9_]+))}"
                    + " +(?<op>==|!=|in|regex|contains) +'(?<literal>[^'\\\\$]*)'");
    private static final Pattern JOIN = Pattern.compile(" +(?<join>&&|\\|\\|) +");

    private SimpleFastPath() {}

    /** The fast form of a Simple predicate, or null when it is not one. */
    public static FastPredicate parse(String expression) {
        String text = expression.trim();
        List<FastPredicate> terms = new ArrayList<>();
        String join = null;
        Matcher term = TERM.matcher(text);
        Matcher sep = JOIN.matcher(text);
        int at = 0;
        while (true) {
            if (!term.region(at, text.length()).lookingAt()) {
                return null;
            }
            FastPredicate t = term(term);
            if (t == null) {
                return null;
            }
            terms.add(t);
            at = term.end();
            if (at == text.length()) {
                break;
            }
            if (!sep.region(at, text.length()).lookingAt() || join != null && !join.equals(sep.group("join"))) {
                return null;
            }
            join = sep.group("join");
            at = sep.end();
        }
        return terms.size() == 1 ? terms.get(0) : new Logical("&&".equals(join), List.copyOf(terms));
    }

    private static FastPredicate term(Matcher m) {
        Op op = switch (m.group("op")) {
            case "==" -> Op.EQ;
            case "!=" -> Op.NE;
            case "in" -> Op.IN;
            case "regex" -> Op.REGEX;
            default -> Op.CONTAINS;
        };
        String literal = m.group("literal");
        List<String> values = List.of(literal);
        Pattern pattern = null;
        if (op == Op.IN) {
            values = Arrays.asList(literal.split(",", -1));
            // Camel splits and may trim; only plain lists are taken here
            if (values.stream().anyMatch(v -> v.isEmpty() || !v.equals(v.strip()))) {
                return null;
            }
            values = List.copyOf(values);
        } else if (op == Op.REGEX) {
            try {
                pattern = Pattern.compile(literal);
            } catch (PatternSyntaxException e) {
                return null;
            }
        }
        if (m.group("header") != null) {
            String header = m.group("header");
            return HEADERS.contains(header) ? new HeaderCompare(header, op, values, pattern) : null;
        }
        String keys = m.group("keys");
        List<String> path = List.of(keys.substring(1, keys.length() - 1).split("]\\["));
        return new FieldCompare(Language.SIMPLE, path, op, values, pattern, null);
    }
}
