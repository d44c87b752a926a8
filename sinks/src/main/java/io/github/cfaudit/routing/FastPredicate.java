package io.github.cfaudit.routing;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.FieldCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sink predicate of one of the forms this module decides itself, on the fields the page parser captured
 * ({@link FieldCapture}) instead of on a Map made of the entry for each predicate. Each form answers true or false
 * only where its answer is exactly Camel's; for anything else (a field that is a number, a path through a missing
 * object, ...) it answers null and Camel's own evaluation of the original expression decides, as before.
 */
public sealed interface FastPredicate {
    /** True or false, or null when Camel must decide for this entry. */
    Boolean test(AuditEntry entry);

    /** This predicate for the entries of one source: conditions on the source's headers are constants there. */
    FastPredicate forSource(String sourceName, String sourceType);

    /** Adds the entry fields this predicate reads. */
    void paths(Set<List<String>> into);

    /** This predicate reading its fields from the slots of {@code capture}. */
    FastPredicate bind(FieldCapture capture);

    /** How the two languages treat a field: Simple through the entry's Map view, JsonPath through its filter. */
    enum Language {
        SIMPLE,
        JSONPATH
    }

    /** The comparisons of the fast forms. */
    enum Op {
        EQ,
        NE,
        IN,
        REGEX,
        CONTAINS
    }

    /** A constant: a header condition decided for a whole source. */
    record Constant(boolean value) implements FastPredicate {
        static final Constant TRUE = new Constant(true);
        static final Constant FALSE = new Constant(false);

        @Override
        public Boolean test(AuditEntry entry) {
            return value;
        }

        @Override
        public FastPredicate forSource(String sourceName, String sourceType) {
            return this;
        }

        @Override
        public void paths(Set<List<String>> into) {}

        @Override
        public FastPredicate bind(FieldCapture capture) {
            return this;
        }
    }

    /**
     * {@code field op values}: {@code values} holds the one literal of EQ, NE and CONTAINS and the alternatives of IN;
     * {@code pattern} is REGEX's. {@code slots} is set once bound to a capture.
     */
    record FieldCompare(Language language, List<String> path, Op op, List<String> values, Pattern pattern, int[] slots)
            implements FastPredicate {
        @Override
        public Boolean test(AuditEntry entry) {
            Object[] v = entry.captured();
            if (v == null || slots == null) {
                return null;
            }
            int last = slots.length - 1;
            for (int i = 0; i < last; i++) {
                if (v[slots[i]] != FieldCapture.Kind.OBJECT) {
                    return null;
                }
            }
            Object leaf = v[slots[last]];
            if (leaf == null) {
                return absent(language, op, values, pattern);
            }
            return leaf instanceof String s ? compare(op, values, pattern, s) : null;
        }

        @Override
        public FastPredicate forSource(String sourceName, String sourceType) {
            return this;
        }

        @Override
        public void paths(Set<List<String>> into) {
            into.add(path);
        }

        @Override
        public FastPredicate bind(FieldCapture capture) {
            return new FieldCompare(language, path, op, values, pattern, capture.slots(path));
        }
    }

    /** {@code ${header.NAME} op values} on one of the {@link EntryHeaders}, which are always strings but TIME. */
    record HeaderCompare(String header, Op op, List<String> values, Pattern pattern) implements FastPredicate {
        @Override
        public Boolean test(AuditEntry entry) {
            return EntryHeaders.ENTRY_ID.equals(header) ? compare(op, values, pattern, entry.id()) : null;
        }

        @Override
        public FastPredicate forSource(String sourceName, String sourceType) {
            return switch (header) {
                case EntryHeaders.SOURCE -> compare(op, values, pattern, sourceName) ? Constant.TRUE : Constant.FALSE;
                case EntryHeaders.SOURCE_TYPE ->
                    compare(op, values, pattern, sourceType) ? Constant.TRUE : Constant.FALSE;
                default -> this;
            };
        }

        @Override
        public void paths(Set<List<String>> into) {}

        @Override
        public FastPredicate bind(FieldCapture capture) {
            return this;
        }
    }

    /**
     * {@code a && b && ...} ({@code and} true) or {@code a || b || ...}, evaluated left to right as Camel does: the
     * first term that decides the whole decides it; a term Camel must decide, reached first, leaves all to Camel.
     */
    record Logical(boolean and, List<FastPredicate> terms) implements FastPredicate {
        @Override
        public Boolean test(AuditEntry entry) {
            for (FastPredicate t : terms) {
                Boolean r = t.test(entry);
                if (r == null) {
                    return null;
                }
                if (r != and) {
                    return r;
                }
            }
            return and;
        }

        @Override
        public FastPredicate forSource(String sourceName, String sourceType) {
            List<FastPredicate> kept = new ArrayList<>();
            for (FastPredicate t : terms) {
                FastPredicate s = t.forSource(sourceName, sourceType);
                if (s instanceof Constant c) {
                    if (c.value() != and) {
                        // decides the whole: a constant term never throws, so the terms after it are never evaluated
                        return kept.isEmpty() ? c : new Logical(and, append(kept, c));
                    }
                    continue;
                }
                kept.add(s);
            }
            return kept.isEmpty() ? new Constant(and) : kept.size() == 1 ? kept.get(0) : new Logical(and, kept);
        }

        private static List<FastPredicate> append(List<FastPredicate> terms, FastPredicate last) {
            List<FastPredicate> all = new ArrayList<>(terms);
            all.add(last);
            return all;
        }

        @Override
        public void paths(Set<List<String>> into) {
            terms.forEach(t -> t.paths(into));
        }

        @Override
        public FastPredicate bind(FieldCapture capture) {
            return new Logical(and, terms.stream().map(t -> t.bind(capture)).toList());
        }
    }

    private static Boolean absent(Language language, Op op, List<String> values, Pattern pattern) {
        return switch (op) {
            case EQ, IN, CONTAINS -> false;
            case NE -> true;
            case REGEX -> language == Language.JSONPATH ? pattern.matcher("").matches() : false;
        };
    }

    private static boolean compare(Op op, List<String> values, Pattern pattern, String actual) {
        return switch (op) {
            case EQ -> values.get(0).equals(actual);
            case NE -> !values.get(0).equals(actual);
            case IN -> values.contains(actual);
            case REGEX -> pattern.matcher(actual).matches();
            case CONTAINS -> actual.contains(values.get(0));
        };
    }
}
