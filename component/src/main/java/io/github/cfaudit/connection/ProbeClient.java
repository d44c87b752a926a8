package io.github.cfaudit.connection;

import io.github.cfaudit.config.ConnectionConfig;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * For {@code --check}: single GET requests with a connection's credentials, through its proxy, with the same HTTP
 * client as the pipeline ({@link ApiHttpClients}), so a check passes only where a run would.
 */
public final class ProbeClient implements AutoCloseable {
    private final ConnectionConfig connection;
    private final CloseableHttpClient client;

    /** What came back. */
    public record Response(int status, byte[] body) {}

    public ProbeClient(ConnectionConfig connection) {
        this.connection = connection;
        this.client = ApiHttpClients.forProbes(connection);
    }

    /** GET {@code base-url + pathAndQuery}; throws with a hint naming the keys to check when nothing answered. */
    public Response get(String pathAndQuery) throws IOException {
        String base = connection.api().baseUrl().toString();
        HttpGet request = new HttpGet(base + pathAndQuery);
        connection.api().credentials().headers().forEach(request::setHeader);
        request.setHeader("Accept", "application/json");
        request.setHeader("User-Agent", io.github.cfaudit.internal.BuildInfo.userAgent());
        try {
            return client.execute(
                    request,
                    r -> new Response(
                            r.getCode(), r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity())));
        } catch (SocketTimeoutException e) {
            throw new IOException(
                    "no answer from " + base + " within " + connection.api().timeout() + ": check "
                            + connection.key("base-url") + ", the network path" + proxyHint() + " and "
                            + connection.key("timeout"),
                    e);
        } catch (IOException e) {
            throw new IOException(
                    "could not connect to " + base + " (" + e.getClass().getSimpleName() + "): check "
                            + connection.key("base-url") + ", DNS" + proxyHint() + " and firewalls",
                    e);
        }
    }

    private String proxyHint() {
        return connection
                .proxy()
                .map(p -> ", the proxy " + p.describe() + " (" + connection.key("proxy") + ")")
                .orElse(", proxies");
    }

    @Override
    public void close() {
        client.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
    }
}
