package io.github.cfaudit.state;

/** The checkpoint store cannot be read or written (the database is down or unreachable): the run stops, the next fire retries. */
public final class StateStoreUnavailableException extends RuntimeException {
    public StateStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
