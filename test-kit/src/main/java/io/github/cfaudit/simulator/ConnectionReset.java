package io.github.cfaudit.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Resets the TCP connection of an exchange (RST instead of FIN): {@code SO_LINGER 0}, then close. The JDK's HTTP
 * server does not expose its socket, so the channel is reached through its internal classes; this needs
 * {@code --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED} (set by the build for the tests, and in the
 * jar's manifest for {@code java -jar}). Without it the fault fails loudly instead of degrading to a clean close.
 */
final class ConnectionReset {
    private ConnectionReset() {}

    static void reset(HttpExchange exchange) throws IOException {
        SocketChannel channel;
        try {
            Object impl = field(exchange, "impl");
            Object connection = field(impl, "connection");
            channel = (SocketChannel) field(connection, "chan");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "the simulator's connection-reset fault needs "
                            + "--add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED",
                    e);
        }
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        channel.close();
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }
}
