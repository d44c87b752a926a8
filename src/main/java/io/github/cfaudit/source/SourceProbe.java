package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditPage;
import io.github.cfaudit.cloudflare.PageParser;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.SourceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

/**
 * For {@code --check}: one request of a source's first page (one entry), parsed like a real page, with nothing
 * delivered and no checkpoint touched. A plain JDK client, because this is a probe, not the pipeline.
 */
public final class SourceProbe {
    private SourceProbe() {
    }

    /** A description of what worked; throws with Cloudflare's message and a hint when it did not. */
    public static String check(SourceConfig source, ApiConfig api, Clock clock) throws Exception {
        SourceConfig onePage = new SourceConfig(source.name(), source.endpoint(), source.schedule(), source.start(), 1,
                source.settle(), source.lookback(), 1, source.filters());
        Window window = Window.of(onePage, null, clock);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + source.endpoint().path() + "?"
                        + PageQuery.of(onePage, window, null)))
                .timeout(api.timeout()).header("Accept", "application/json").header("User-Agent", io.github.cfaudit.internal.BuildInfo.userAgent());
        api.credentials().headers().forEach(request::header);
        HttpClient client = HttpClient.newBuilder().connectTimeout(api.connectTimeout()).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new java.io.IOException("no answer from " + api.baseUrl() + " within " + api.timeout()
                    + ": check cfaudit.api.base-url, the network path and cfaudit.api.timeout", e);
        } catch (java.io.IOException e) {
            throw new java.io.IOException("could not connect to " + api.baseUrl() + " (" + e.getClass().getSimpleName()
                    + "): check cfaudit.api.base-url, DNS, proxies and firewalls", e);
        }
        AuditPage page = new PageParser(source.endpoint().family())
                .parse(response.statusCode(), response.body(), "GET " + source.endpoint().path());
        return "GET " + source.endpoint().path() + " answered " + response.statusCode() + " with "
                + (page.entries().isEmpty() ? "no entry" : "entries") + " since " + window.since();
    }
}
