package io.github.cfaudit.routing;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.internal.RootCause;
import io.github.cfaudit.sink.PageBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the entries of a page to the sinks whose predicate selects them, into one {@link PageBatches} per page.
 * Predicates see an exchange with the entry as body and the {@link EntryHeaders}; one exchange is reused for the
 * entries of a page (a predicate only reads it), and none is made when no sink has a predicate. A fast form
 * ({@link EntrySelector}) decides without it; the exchange is filled only for Camel's own evaluation. An entry on
 * which a predicate throws does not go to that sink; such entries are counted and reported once per run.
 */
public final class PageRouter {
    private static final Logger LOG = LoggerFactory.getLogger(PageRouter.class);

    private final SourceConfig source;
    private final List<SinkRoute> sinks;
    private final EntrySelector selector;
    private final boolean anyPredicate;
    private final Map<String, PredicateErrors> predicateErrors = new LinkedHashMap<>();

    public PageRouter(SourceConfig source, List<SinkRoute> sinks, EntrySelector selector) {
        this.source = source;
        this.sinks = List.copyOf(sinks);
        this.selector = selector;
        this.anyPredicate = this.sinks.stream().anyMatch(r -> r.when() != null);
    }

    /** Every entry of the page, in order, into the batches of the sinks that take it. */
    public PageBatches route(List<AuditEntry> entries, int pageNumber, CamelContext context) {
        int n = sinks.size();
        PageBatch[] batches = new PageBatch[n];
        long[] bytes = new long[n];
        Exchange probe = anyPredicate ? new DefaultExchange(context) : null;
        if (probe != null) {
            EntryHeaders.setSource(probe.getMessage(), source);
        }
        for (AuditEntry entry : entries) {
            for (int i = 0; i < n; i++) {
                SinkRoute route = sinks.get(i);
                if (selects(i, route, probe, entry)) {
                    if (batches[i] == null) {
                        batches[i] = route.sink().newBatch(source);
                    }
                    batches[i].add(entry);
                    bytes[i] += entry.jsonLength();
                }
            }
        }
        PageBatches page = new PageBatches(source.name(), pageNumber);
        for (int i = 0; i < n; i++) {
            if (batches[i] != null) {
                page.add(sinks.get(i).sink().name(), batches[i], bytes[i]);
            }
        }
        return page;
    }

    private boolean selects(int index, SinkRoute route, Exchange probe, AuditEntry entry) {
        if (route.when() == null) {
            return true;
        }
        Boolean fast = selector.decide(index, entry);
        if (fast != null) {
            return fast;
        }
        if (probe.getMessage().getBody() != entry) {
            // the entry's exchange is set up only when Camel evaluates a predicate on it
            probe.getMessage().setBody(entry);
            EntryHeaders.setEntry(probe.getMessage(), entry);
        }
        try {
            return route.selects(probe);
        } catch (RuntimeException e) {
            predicateErrors.computeIfAbsent(
                            route.sink().name(), s -> new PredicateErrors(entry.id(), RootCause.message(e)))
                    .count++;
            return false;
        } finally {
            probe.setException(null);
        }
    }

    /**
     * Logs, once per run, the entries on which a sink's predicate could not be evaluated, and lets every sink report
     * its own counts ({@link io.github.cfaudit.sink.AuditSink#endRun}); then starts counting anew.
     */
    public void reportPredicateErrors() {
        predicateErrors.forEach((sink, errors) -> LOG.warn(
                "source {}: the 'when' of sink {} could not be evaluated "
                        + "on {} entries, which were not sent to it (first: entry {}: {})",
                source.name(),
                sink,
                errors.count,
                errors.firstEntry,
                errors.firstMessage));
        predicateErrors.clear();
        for (SinkRoute route : sinks) {
            route.sink().endRun(source);
        }
    }

    /** Entries on which a sink's predicate threw, reported once per run. */
    private static final class PredicateErrors {
        final String firstEntry;
        final String firstMessage;
        long count;

        PredicateErrors(String firstEntry, String firstMessage) {
            this.firstEntry = firstEntry;
            this.firstMessage = firstMessage;
        }
    }
}
