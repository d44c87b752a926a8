package io.github.cfaudit.internal;

/** The message of the real cause of a failure: Camel wraps the failure of a step in several layers. */
public final class RootCause {
    private RootCause() {}

    public static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null
                && t.getCause() != t
                && (t instanceof org.apache.camel.CamelException
                        || t instanceof org.apache.camel.RuntimeCamelException
                        || t.getClass().getName().startsWith("org.apache.camel."))) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return t == e || message.contains(t.getClass().getSimpleName())
                ? message
                : t.getClass().getSimpleName() + ": " + message;
    }
}
