package io.github.cfaudit.state;

/** A checkpoint exists but cannot be trusted. Starting over or skipping ahead silently would lose or repeat data. */
public final class CorruptCheckpointException extends RuntimeException {
    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
