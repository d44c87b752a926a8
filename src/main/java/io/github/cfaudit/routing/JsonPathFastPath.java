package io.github.cfaudit.routing;

import io.github.cfaudit.routing.FastPredicate.FieldCompare;
import io.github.cfaudit.routing.FastPredicate.Language;
import io.github.cfaudit.routing.FastPredicate.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recognises the JsonPath filters decided without Camel: {@code $[?(@.a.b == 'x')]}, {@code !=}, {@code in ['x','y']}
 * and {@code =~ /regex/} (optionally {@code /i}), with single- or double-quoted literals free of quotes and
 * backslashes. Anything else stays Camel's.
 */
public final class JsonPathFastPath {
    private static final String LITERAL = "'[^'\\\\]*'|\"[^\"\\\\]*\"";
    private static final Pattern FILTER = Pattern.compile("\\$\\[\\?\\( *@(?<path>(?:\\.[A-Za-z_][A-Za-z0-9_]*)+) *"
            + "(?:(?<cmp>==|!=) *(?<literal>" + LITERAL + ")|in *\\[(?<list> *(?:" + LITERAL + ")(?: *, *(?:" + LITERAL
            + "))*) *]|=~ */(?<regex>[^/]*)/(?<flags>i?)) *\\)]");
    private static final Pattern LIST_ITEM = Pattern.compile(LITERAL);

    private JsonPathFastPath() {}

    /** The fast form of a JsonPath expression (without the {@code jsonpath:} prefix), or null when it is not one. */
    public static FastPredicate parse(String expression) {
        Matcher m = FILTER.matcher(expression.trim());
        if (!m.matches()) {
            return null;
        }
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

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1);
    }
}
