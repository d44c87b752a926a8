package io.github.cfaudit.sink.syslog;

import java.io.IOException;
import java.util.List;

/** One attempt to deliver a page's messages, in order; throws when the attempt failed or cannot be confirmed. */
interface SyslogTransport extends AutoCloseable {

    void deliver(List<byte[]> messages) throws IOException;

    /**
     * For {@code --check}: as much as the transport can verify without sending a message; returns what was verified,
     * throws when it failed.
     */
    String check() throws IOException;

    @Override
    default void close() {}
}
