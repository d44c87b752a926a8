package io.github.cfaudit.routing;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * A sink's compiled {@code when}: Camel's predicate, which stays the reference and decides whatever the fast form
 * cannot, and the fast form of the expression when it has one ({@link SimpleFastPath}, {@link JsonPathFastPath}).
 */
public final class SinkPredicate implements Predicate {
    private final String when;
    private final Predicate camel;
    private final FastPredicate fast;

    SinkPredicate(String when, Predicate camel, FastPredicate fast) {
        this.when = when;
        this.camel = camel;
        this.fast = fast;
    }

    /** The expression as configured. */
    public String when() {
        return when;
    }

    /** The fast form, or null when Camel decides every entry. */
    public FastPredicate fast() {
        return fast;
    }

    @Override
    public boolean matches(Exchange exchange) {
        return camel.matches(exchange);
    }

    @Override
    public String toString() {
        return when;
    }
}
