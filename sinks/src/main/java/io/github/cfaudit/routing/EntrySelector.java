package io.github.cfaudit.routing;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.FieldCapture;
import io.github.cfaudit.config.SourceConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sinks' predicates as one source evaluates them. Header conditions on the source are decided once, here; the
 * entry fields the remaining fast forms read are captured by the page parser ({@link #capture()}), once per entry
 * whatever the number of sinks; a predicate without a fast form, or an entry its fast form cannot decide exactly,
 * goes to Camel's own evaluation.
 */
public final class EntrySelector {
    /** Per sink: its fast form for this source (null: no predicate, or none recognised), unbound and bound. */
    private final List<FastPredicate> forSource;

    private final FastPredicate[] bound;
    private final FieldCapture capture;

    private EntrySelector(List<FastPredicate> forSource, FieldCapture capture) {
        this.forSource = Collections.unmodifiableList(forSource);
        this.capture = capture;
        this.bound = new FastPredicate[forSource.size()];
        for (int i = 0; i < bound.length; i++) {
            FastPredicate f = forSource.get(i);
            bound[i] = f == null ? null : capture == null ? f : f.bind(capture);
        }
    }

    public static EntrySelector of(SourceConfig source, List<SinkRoute> sinks) {
        List<FastPredicate> forSource = new ArrayList<>();
        Set<List<String>> paths = new LinkedHashSet<>();
        for (SinkRoute route : sinks) {
            FastPredicate f = route.when() instanceof SinkPredicate p && p.fast() != null
                    ? p.fast().forSource(source.name(), source.type().configName())
                    : null;
            if (f != null) {
                f.paths(paths);
            }
            forSource.add(f);
        }
        return new EntrySelector(forSource, FieldCapture.of(paths));
    }

    /** What the page parser captures for the fast forms; null when they read no entry field. */
    public FieldCapture capture() {
        return capture;
    }

    /** The fast form of sink {@code index}'s predicate for this source, or null. */
    public FastPredicate fastForm(int index) {
        return forSource.get(index);
    }

    /** Whether sink {@code index}'s predicate selects the entry: true or false, or null when Camel must decide. */
    public Boolean decide(int index, AuditEntry entry) {
        FastPredicate f = bound[index];
        return f == null ? null : f.test(entry);
    }
}
