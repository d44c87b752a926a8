package io.github.cfaudit.source;

/**
 * The API refused a cursor (typically one that expired during a long pause). The run starts its page chain again
 * from the committed checkpoint, once; ids already delivered are dropped as usual.
 */
public final class CursorRejectedException extends RuntimeException {
    public CursorRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
