package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.CloudflareApiException;
import io.github.cfaudit.cloudflare.MalformedPageException;
import io.github.cfaudit.routing.SinkDeliveryException;
import java.io.IOException;

/** Which failures of a page request are worth another try. */
final class Failures {
    private Failures() {}

    /**
     * 429, 5xx, connection problems, timeouts, truncated or unparsable bodies, and a rejected cursor are transient;
     * 400, 401, 403 and 404 are not: the same request would fail the same way. Sink failures have their own policy.
     */
    static boolean isTransientApiFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SinkDeliveryException) {
                return false;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CloudflareApiException api) {
                return api.isTransient();
            }
            if (t instanceof MalformedPageException
                    || t instanceof CursorRejectedException
                    || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
