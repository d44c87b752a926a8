package io.github.cfaudit.connection;

/**
 * The proxy answered 407: it wants credentials, or refused the ones given. Not retried (the same request would fail the
 * same way, and repeated failures can lock the proxy account); the message names the key to fix.
 */
public final class ProxyAuthenticationException extends RuntimeException {
    public ProxyAuthenticationException(String message) {
        super(message);
    }
}
