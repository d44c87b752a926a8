package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditPage;
import io.github.cfaudit.cloudflare.PageParser;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.connection.ProbeClient;
import java.time.Clock;

/**
 * For {@code --check}: one request of a source's first page (one entry), parsed like a real page, with nothing
 * delivered and no checkpoint touched, with the connection's credentials and through its proxy.
 */
public final class SourceProbe {
    private SourceProbe() {}

    /** A description of what worked; throws with Cloudflare's message and a hint when it did not. */
    public static String check(SourceConfig source, ConnectionConfig connection, Clock clock) throws Exception {
        SourceConfig onePage = new SourceConfig(
                source.name(),
                source.endpoint(),
                source.schedule(),
                source.start(),
                1,
                source.settle(),
                source.lookback(),
                1,
                source.filters(),
                source.connection());
        Window window = Window.of(onePage, null, clock);
        ProbeClient.Response response;
        try (ProbeClient client = new ProbeClient(connection)) {
            response = client.get(source.endpoint().path() + "?" + PageQuery.of(onePage, window, null));
        }
        AuditPage page = new PageParser(source.endpoint().family())
                .parse(
                        response.status(),
                        response.body(),
                        "GET " + source.endpoint().path());
        return "GET " + source.endpoint().path() + " answered " + response.status() + " with "
                + (page.entries().isEmpty() ? "no entry" : "entries") + " since " + window.since()
                + " (connection " + connection.name() + ")";
    }
}
