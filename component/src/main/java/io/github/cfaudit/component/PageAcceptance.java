package io.github.cfaudit.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * Whether the user's error handling accepted a page: a failure that a failure handler (a dead-letter channel, an
 * {@code onException} block) dealt with counts as accepted, unless the failure handler itself failed.
 *
 * <p>Camel does not say so on the exchange. A dead-letter channel whose delivery throws marks the exchange handled
 * all the same ({@code deadLetterHandleNewException=true}, the default): the exchange completes, with no exception,
 * and Camel's {@code FatalFallbackErrorHandler} leaves only a different {@code Exchange.EXCEPTION_CAUGHT} behind (the
 * new exception, with the first one suppressed in it), which an exception of the route's own may resemble. So
 * {@link FailureHandlerWatch} notes {@code EXCEPTION_CAUGHT} when Camel hands an exchange to a failure handler and
 * again when the handler returned: a different one means the handler failed. Exchanges split from the page carry the
 * same instance (a property, copied by reference), so a dead-letter channel failing on one entry holds the page too.
 */
final class PageAcceptance {
    /** Exchange property of a page exchange (and of the exchanges split from it). */
    static final String PROPERTY = "CloudflareAuditPageAcceptance";

    private final AtomicReference<Throwable> refused = new AtomicReference<>();
    /** Per exchange (the page's, or one split from it): what was caught when each failure handler began, innermost last. */
    private final Map<String, List<Object>> handling = new ConcurrentHashMap<>();

    static PageAcceptance of(Exchange exchange) {
        return exchange.getProperty(PROPERTY) instanceof PageAcceptance a ? a : null;
    }

    void handlerStarted(Exchange exchange) {
        handling.computeIfAbsent(exchange.getExchangeId(), k -> new ArrayList<>())
                .add(exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT));
    }

    void handlerReturned(Exchange exchange) {
        List<Object> started = handling.get(exchange.getExchangeId());
        if (started == null || started.isEmpty()) {
            return;
        }
        Object before = started.remove(started.size() - 1);
        if (started.isEmpty()) {
            handling.remove(exchange.getExchangeId());
        }
        Object after = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
        if (after != before && after instanceof Throwable failure) {
            refused.compareAndSet(null, failure);
        }
    }

    /** The failure of a failure handler that ran on the page, or null when every one that ran finished. */
    Throwable refusal() {
        return refused.get();
    }
}
