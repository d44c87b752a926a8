package io.github.cfaudit.cloudflare;

/** The API answered 2xx but the body is not a page this client can trust (not JSON, no result array, ...). */
public final class MalformedPageException extends RuntimeException {
    public MalformedPageException(String message) {
        super(message);
    }

    public MalformedPageException(String message, Throwable cause) {
        super(message, cause);
    }
}
