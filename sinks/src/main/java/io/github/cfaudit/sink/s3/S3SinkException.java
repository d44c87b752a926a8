package io.github.cfaudit.sink.s3;

/** An object could not be stored: the page is not confirmed and will be delivered again. */
public final class S3SinkException extends Exception {
    private static final long serialVersionUID = 1L;

    public S3SinkException(String message) {
        super(message);
    }
}
