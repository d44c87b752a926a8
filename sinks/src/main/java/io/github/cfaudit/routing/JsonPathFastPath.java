package io.github.cfaudit.routing;

import io.github.cfaudit.routing.FastPredicate.FieldCompare;
import io.github.cfaudit.routing.FastPredicate.Language;
import io.github.cfaudit.routing.FastPredicate.Logical;
import io.github.cfaudit.routing.FastPredicate.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recognises the JsonPath filters decided without Camel: {@code $[?(@.a.b == 'x')]}, {@code !=}, {@code in ['x','y']}
 * and {@code =~ /regex/} (optionally {@code /i}), with single- or double-quoted literals free of quotes and
 * backslashes, and these comparisons joined by {@code &&} and {@code ||} and grouped by parentheses. The grammar is
 * the subset of Jayway's filter grammar (its {@code FilterCompiler}) made of these pieces, read the way Jayway reads
 * it: {@code &&} binds tighter than {@code ||}, terms keep their order (Jayway evaluates them left to right and stops
 * at the first that decides), only spaces are blanks, a path ends at a space or an operator character, and {@code in}
 * stands between spaces. Anything else ({@code !}, existence checks, numbers, {@code true}, {@code null}, other
 * operators or flags) is not recognised, and the whole expression stays Camel's.
 */
public final class JsonPathFastPath {
    private static final String LITERAL = "'[^'\\\\]*'|\"[^\"\\\\]*\"";
    /**
     * One comparison from its {@code @}. A regex body may hold a backslash, but not before a slash: Jayway would read
     * {@code \/} as part of the pattern.
     */
    private static final Pattern COMPARISON = Pattern.compile("@(?<path>(?:\\.[A-Za-z_][A-Za-z0-9_]*)+)"
            + "(?: *(?<cmp>==|!=) *(?<literal>" + LITERAL + ")"
            + "| +in +\\[(?<list> *(?:" + LITERAL + ")(?: *, *(?:" + LITERAL + "))*) *]"
            + "| *=~ */(?<regex>(?:[^/\\\\]|\\\\[^/])*)/(?<flags>i?))");

    private static final Pattern LIST_ITEM = Pattern.compile(LITERAL);
    private static final String PREFIX = "$[?(";
    private static final String SUFFIX = "]";

    private final String text;
    private int at;

    private JsonPathFastPath(String text, int at) {
        this.text = text;
        this.at = at;
    }

    /** The fast form of a JsonPath expression (without the {@code jsonpath:} prefix), or null when it is not one. */
    public static FastPredicate parse(String expression) {
        String text = expression.trim();
        if (!text.startsWith(PREFIX) || !text.endsWith(SUFFIX)) {
            return null;
        }
        // the filter is one parenthesised group, from right after "$[?" to right before the final "]"
        JsonPathFastPath parser =
                new JsonPathFastPath(text.substring(0, text.length() - SUFFIX.length()), PREFIX.length());
        FastPredicate filter = parser.or();
        return filter != null && parser.next(')') && parser.at == parser.text.length() ? filter : null;
    }

    /** {@code and { || and }}: Jayway's LogicalOR. */
    private FastPredicate or() {
        return joined("||", false, this::and);
    }

    /** {@code operand { && operand }}: Jayway's LogicalAND. */
    private FastPredicate and() {
        return joined("&&", true, this::operand);
    }

    /** Terms separated by {@code operator}, in order: one term as it is, several as one {@link Logical}. */
    private FastPredicate joined(String operator, boolean and, Supplier<FastPredicate> term) {
        List<FastPredicate> terms = new ArrayList<>();
        do {
            FastPredicate t = term.get();
            if (t == null) {
                return null;
            }
            terms.add(t);
        } while (next(operator));
        return terms.size() == 1 ? terms.get(0) : new Logical(and, List.copyOf(terms));
    }

    /** {@code ( or )} or one comparison: Jayway's LogicalANDOperand without its {@code !}. */
    private FastPredicate operand() {
        skipBlanks();
        if (next('(')) {
            FastPredicate group = or();
            return group != null && next(')') ? group : null;
        }
        Matcher m = COMPARISON.matcher(text).region(at, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        at = m.end();
        return comparison(m);
    }

    private static FastPredicate comparison(Matcher m) {
        List<String> path = List.of(m.group("path").substring(1).split("\\."));
        if (m.group("cmp") != null) {
            Op op = "==".equals(m.group("cmp")) ? Op.EQ : Op.NE;
            return new FieldCompare(Language.JSONPATH, path, op, List.of(unquote(m.group("literal"))), null, null);
        }
        if (m.group("list") != null) {
            List<String> values = new ArrayList<>();
            Matcher item = LIST_ITEM.matcher(m.group("list"));
            while (item.find()) {
                values.add(unquote(item.group()));
            }
            return new FieldCompare(Language.JSONPATH, path, Op.IN, List.copyOf(values), null, null);
        }
        try {
            Pattern regex =
                    Pattern.compile(m.group("regex"), m.group("flags").isEmpty() ? 0 : Pattern.CASE_INSENSITIVE);
            return new FieldCompare(Language.JSONPATH, path, Op.REGEX, List.of(), regex, null);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    /** Steps over blanks, then over {@code token} when it comes next. */
    private boolean next(String token) {
        skipBlanks();
        if (text.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    private boolean next(char c) {
        return next(String.valueOf(c));
    }

    /** Jayway's blanks are spaces only. */
    private void skipBlanks() {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
    }

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1);
    }
}
