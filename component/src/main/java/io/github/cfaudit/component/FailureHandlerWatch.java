package io.github.cfaudit.component;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Camel's events around a failure handler (before it runs, after it returned), for the page exchanges of the
 * {@code cloudflare-audit} consumers: see {@link PageAcceptance}. Other exchanges are passed over.
 */
final class FailureHandlerWatch extends EventNotifierSupport {
    FailureHandlerWatch() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeFailureHandlingEvent
                || event instanceof CamelEvent.ExchangeFailureHandledEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeEvent e = (CamelEvent.ExchangeEvent) event;
        PageAcceptance page = PageAcceptance.of(e.getExchange());
        if (page == null) {
            return;
        }
        if (event instanceof CamelEvent.ExchangeFailureHandlingEvent) {
            page.handlerStarted(e.getExchange());
        } else {
            page.handlerReturned(e.getExchange());
        }
    }
}
