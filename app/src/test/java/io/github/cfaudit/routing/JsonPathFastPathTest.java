package io.github.cfaudit.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.jayway.jsonpath.Filter;
import com.jayway.jsonpath.JsonPath;
import io.github.cfaudit.routing.FastPredicate.FieldCompare;
import io.github.cfaudit.routing.FastPredicate.Logical;
import io.github.cfaudit.routing.FastPredicate.Op;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JsonPath fast-form parser builds the tree Jayway builds (precedence of {@code &&} over {@code ||}, groups,
 * order of terms), and recognises nothing outside the forms it can decide.
 */
class JsonPathFastPathTest {

    @Test
    void buildsTheTreeJaywayBuilds() {
        for (String expression : List.of(
                "$[?(@.a.b == 'x')]",
                "$[?(@.a == 'x' && @.b == 'y')]",
                "$[?(@.a == 'x' || @.b == 'y')]",
                "$[?(@.a == 'x' && @.b != 'y' && @.c in ['p', 'q'])]",
                "$[?(@.a == 'x' || @.b == 'y' || @.c =~ /z.*/i)]",
                "$[?(@.a == 'x' || @.b == 'y' && @.c == 'z')]",
                "$[?(@.a == 'x' && @.b == 'y' || @.c == 'z')]",
                "$[?(@.a == 'x' && @.b == 'y' || @.c == 'z' && @.d == 'w')]",
                "$[?((@.a == 'x' || @.b == 'y') && @.c == 'z')]",
                "$[?(@.a == 'x' && (@.b == 'y' || @.c == 'z'))]",
                "$[?(@.a == 'x' && (@.b == 'y' && @.c == 'z'))]",
                "$[?(((@.a == 'x')))]",
                "$[?(@.a=='x'&&@.b!='y'||@.c=~/z/)]",
                "$[?(  ( @.a == 'x' )  ||  ( @.b in ['p', 'q'] )  )]",
                "$[?(@.a =~ /x/i&&@.b == 'y')]",
                "$[?(@.a =~ /a\\.b\\\\/ && @.b == 'y')]",
                "$[?(@.a == 'x) || (y' || @.b == 'a && b')]",
                "$[?(@.a =~ /it's (a|b)/ || @.b == '/')]")) {
            FastPredicate fast = JsonPathFastPath.parse(expression);
            assertThat(fast).as(expression).isNotNull();
            String rendered = render(fast);
            String jayway = Filter.parse(expression.substring(1)).toString();
            assertThat("[?" + (rendered.startsWith("(") ? rendered : "(" + rendered + ")") + "]")
                    .as(expression)
                    .isEqualTo(jayway);
            // and Camel's engine compiles it as a whole, so the filter it extracts is the one parsed here
            assertThatCode(() -> JsonPath.compile(expression)).as(expression).doesNotThrowAnyException();
        }
    }

    @Test
    void readsLiteralsListsAndPatterns() {
        FastPredicate fast = JsonPathFastPath.parse(
                "$[?(@.actor.type in [\"user\", 'system'] && @.actor.email =~ /ALICE.*/i || @.id != \"h1\")]");
        assertThat(fast).isInstanceOf(Logical.class);
        Logical or = (Logical) fast;
        assertThat(or.and()).isFalse();
        Logical and = (Logical) or.terms().get(0);
        assertThat(and.and()).isTrue();
        FieldCompare in = (FieldCompare) and.terms().get(0);
        assertThat(in.path()).containsExactly("actor", "type");
        assertThat(in.op()).isEqualTo(Op.IN);
        assertThat(in.values()).containsExactly("user", "system");
        FieldCompare regex = (FieldCompare) and.terms().get(1);
        assertThat(regex.op()).isEqualTo(Op.REGEX);
        assertThat(regex.pattern().matcher("alice@example.com").matches()).isTrue();
        FieldCompare ne = (FieldCompare) or.terms().get(1);
        assertThat(ne.path()).containsExactly("id");
        assertThat(ne.op()).isEqualTo(Op.NE);
        assertThat(ne.values()).containsExactly("h1");
    }

    @Test
    void recognisesNothingOutsideTheFastForms() {
        for (String expression : List.of(
                "$[?(!(@.a == 'x') && @.b == 'y')]",
                "$[?(@.a == 'x' && !(@.b == 'y'))]",
                "$[?(@.a == 'x' || @.b)]",
                "$[?(@.a == 'x' || !@.b)]",
                "$[?(@.a == 'x' && @.b == 200)]",
                "$[?(@.a == 'x' && @.b == true)]",
                "$[?(@.a == 'x' && @.b == null)]",
                "$[?(@.a == 'x' && @.b nin ['y'])]",
                "$[?(@.a == 'x' && @.b IN ['y'])]",
                "$[?(@.a == 'x' && @.b in['y'])]",
                "$[?(@.a == 'x' && @.b =~ /y/s)]",
                "$[?(@.a == 'x' && @.b =~ /y/im)]",
                "$[?(@.a == 'x' && @.b =~ /a\\/b/)]",
                "$[?(@.a == 'x' && @['b'] == 'y')]",
                "$[?(@.a == 'x' && $.b == 'y')]",
                "$[?(@.a == 'x' && 'y' == @.b)]",
                "$[?(@.a == 'x' && @.b > 'y')]",
                "$[?(@.a == 'x' & @.b == 'y')]",
                "$[?(@.a == 'x' &&)]",
                "$[?(@.a == 'x' && (@.b == 'y')]",
                "$[?(@.a == 'x' && @.b == 'y'))]",
                "$[?(@.a == 'x')] && $[?(@.b == 'y')]",
                "$[?(@.a == 'x')\t]",
                "$[? (@.a == 'x')]",
                "$[?(@.a == 'x') ]",
                "$[?(@.a == 'x'\t&& @.b == 'y')]",
                "$[?(@.a == 'it\\'s' && @.b == 'y')]",
                "$.a[?(@.b == 'x' && @.c == 'y')]",
                "$..a[?(@.b == 'x')]")) {
            assertThat(JsonPathFastPath.parse(expression)).as(expression).isNull();
        }
    }

    /** As Jayway prints a string literal: a slash escaped (the literals here hold no quote or backslash). */
    static String escaped(String literal) {
        return literal.replace("/", "\\/");
    }

    /** The tree as Jayway's compiled filter prints itself (literals as written in these tests: single quotes, lists as typed). */
    static String render(FastPredicate f) {
        if (f instanceof Logical l) {
            return l.terms().stream()
                    .map(JsonPathFastPathTest::render)
                    .collect(Collectors.joining(l.and() ? " && " : " || ", "(", ")"));
        }
        FieldCompare c = (FieldCompare) f;
        String path = c.path().stream().map(k -> "['" + k + "']").collect(Collectors.joining("", "@", ""));
        return path
                + switch (c.op()) {
                    case EQ -> " == '" + escaped(c.values().get(0)) + "'";
                    case NE -> " != '" + escaped(c.values().get(0)) + "'";
                    case IN ->
                        c.values().stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ", " IN [", "]"));
                    case REGEX ->
                        " =~ /" + c.pattern().pattern() + "/"
                                + ((c.pattern().flags() & Pattern.CASE_INSENSITIVE) != 0 ? "i" : "");
                    case CONTAINS -> throw new AssertionError("no contains in JsonPath");
                };
    }
}
