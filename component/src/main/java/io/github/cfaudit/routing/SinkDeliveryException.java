package io.github.cfaudit.routing;

/** A sink did not accept a page. Retried with the delivery policy; the checkpoint stays before the page. */
public final class SinkDeliveryException extends RuntimeException {
    public SinkDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
