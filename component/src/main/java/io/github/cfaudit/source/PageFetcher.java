package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.ApiHttpClientConfigurer;
import io.github.cfaudit.cloudflare.AuditPage;
import io.github.cfaudit.cloudflare.CloudflareApiException;
import io.github.cfaudit.cloudflare.FieldCapture;
import io.github.cfaudit.cloudflare.PageParser;
import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.internal.BuildInfo;
import io.github.cfaudit.operations.Operations;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the pages of a source: shapes the request (budget, credentials, User-Agent), sends it through camel-http,
 * reads the body into an {@link AuditPage}, retries what another try may fix, and fetches the next page ahead while
 * the current one is delivered, so the API's time and ours overlap. Only fetching runs ahead: pages are delivered
 * and committed one by one, in order.
 */
public final class PageFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageFetcher.class);
    private static final String USER_AGENT = BuildInfo.userAgent();

    private final SourceConfig source;
    private final ApiConfig api;
    private final RateBudget budget;
    private final Operations ops;
    private final PageParser parser;
    private final String requestDescription;
    private final String userAgent;
    private final String httpUri;
    private Endpoint endpoint;
    private Producer http;
    private ExecutorService aheadExecutor;
    /** The request for the next page, started while the current one is delivered; null when none. */
    private Fetch ahead;

    /**
     * @param capture              the entry fields the page parser picks up for fast predicates (null: none)
     * @param nodeId               the cluster node whose requests these are ({@code User-Agent: ... (node <id>)}), or null
     * @param httpClientConfigurer the registry name of the connection's HTTP client configurer (its proxy), or null
     */
    public PageFetcher(
            SourceConfig source,
            ApiConfig api,
            RateBudget budget,
            Operations ops,
            FieldCapture capture,
            String nodeId,
            String httpClientConfigurer) {
        this.source = source;
        this.api = api;
        this.budget = budget;
        this.ops = ops;
        this.parser = new PageParser(source.endpoint().family(), capture);
        this.requestDescription = "GET " + source.endpoint().path();
        this.userAgent = USER_AGENT + (nodeId == null ? "" : " (node " + nodeId + ")");
        this.httpUri = httpUri(
                api, source, httpClientConfigurer == null ? ApiHttpClientConfigurer.BEAN_NAME : httpClientConfigurer);
    }

    /** The camel-http endpoint URI for this source: fixed path, explicit timeouts, errors handled by the parser. */
    static String httpUri(ApiConfig api, SourceConfig source, String httpClientConfigurer) {
        return api.baseUrl() + source.endpoint().path()
                + "?throwExceptionOnFailure=false&copyHeaders=false&followRedirects=false&disableStreamCache=true"
                + "&httpClientConfigurer=#" + httpClientConfigurer
                + "&connectTimeout=" + api.connectTimeout().toMillis()
                + "&soTimeout=" + api.timeout().toMillis()
                + "&responseTimeout=" + api.timeout().toMillis()
                + "&connectionRequestTimeout=" + api.timeout().toMillis();
    }

    /** Binds the fetcher to the context whose camel-http component sends the requests. */
    public synchronized void start(CamelContext context) throws Exception {
        if (context.getRegistry().lookupByName(ApiHttpClientConfigurer.BEAN_NAME) == null) {
            context.getRegistry().bind(ApiHttpClientConfigurer.BEAN_NAME, new ApiHttpClientConfigurer());
        }
        endpoint = context.getEndpoint(httpUri);
        http = endpoint.createProducer();
        ServiceHelper.startService(http);
        aheadExecutor =
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "cfaudit-fetch-" + source.name());
    }

    /**
     * The page the run asks for now: the one fetched ahead, if it is that one, or fetched now. A failure another try
     * may fix (429, 5xx, I/O, a broken body, a rejected cursor) is retried up to {@code max-retries} times per page,
     * with exponential backoff; the rest fail the run.
     */
    public AuditPage next(SourceRun run) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return fetchOnce(run);
            } catch (Exception failure) {
                retryOrThrow(run, attempt, "page " + (run.pages() + 1), failure);
            }
        }
    }

    /**
     * Returns after the backoff when {@code failure} deserves try {@code attempt + 2} (the API's retry policy, also
     * used for a checkpoint write that failed on I/O); else throws it.
     */
    <E extends Exception> void retryOrThrow(SourceRun run, int attempt, String what, E failure)
            throws E, InterruptedException {
        if (attempt >= api.maxRetries() || !Failures.isTransientApiFailure(failure)) {
            throw failure;
        }
        long delay = backoff(attempt);
        run.retried();
        ops.metrics().retry(source.name());
        LOG.warn(
                "source {}: {} failed ({}); retry {} of {} in {} ms",
                source.name(),
                what,
                RunReport.rootMessage(failure),
                attempt + 1,
                api.maxRetries(),
                delay);
        Thread.sleep(delay);
    }

    /** Starts the request of the run's next page, when it has one. */
    public void fetchAhead(SourceRun run) {
        if (run.state() instanceof RunState.Running) {
            String query = run.query();
            ahead = new Fetch(query, CompletableFuture.supplyAsync(() -> fetch(query), aheadExecutor));
        }
    }

    /** Forgets a page fetched ahead: the next run asks for it again, from the checkpoint. */
    public void dropAhead() {
        ahead = null;
    }

    private AuditPage fetchOnce(SourceRun run) throws Exception {
        String query = run.query();
        Fetch pending = ahead;
        ahead = null;
        Exchange response = pending != null && pending.query().equals(query) ? pending.await() : fetch(query);
        Exception failure = response.getException();
        if (failure != null) {
            if (failure instanceof CloudflareApiException api400 && api400.status() == 400 && run.restartChain()) {
                throw new CursorRejectedException(
                        "source " + source.name() + ": the API rejected the cursor; "
                                + "paging again from the checkpoint",
                        failure);
            }
            throw failure;
        }
        AuditPage page = response.getMessage().getBody(AuditPage.class);
        ops.metrics().page(source.name(), page.entries().size());
        for (String reason : page.skipped()) {
            LOG.warn("source {}: skipped an entry on page {}: {}", source.name(), run.pages() + 1, reason);
        }
        return page;
    }

    /** Backoff before retry {@code attempt + 1}: doubling from retry-delay, at most a minute, 15 % spread. */
    private long backoff(int attempt) {
        double delay =
                Math.min(api.retryDelay().toMillis() * Math.pow(2, attempt), ApiConfig.MAX_RETRY_DELAY.toMillis());
        return Math.round(delay * (0.85 + 0.3 * ThreadLocalRandom.current().nextDouble()));
    }

    /** One request; the returned exchange holds the page or the failure. */
    private Exchange fetch(String query) {
        Exchange exchange = endpoint.createExchange();
        try {
            prepareRequest(exchange, query);
            http.process(exchange);
            if (exchange.getException() == null) {
                readPage(exchange);
            }
        } catch (Exception e) {
            exchange.setException(e);
        }
        return exchange;
    }

    /** Waits for the shared rate budget, then sets the request: only what the API expects goes out. */
    private void prepareRequest(Exchange exchange, String query) throws InterruptedException {
        budget.acquire();
        Message m = exchange.getMessage();
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_QUERY, query);
        api.credentials().headers().forEach(m::setHeader);
        m.setHeader("Accept", "application/json");
        m.setHeader("User-Agent", userAgent);
    }

    /** The response becomes an {@link AuditPage} body, or the exception saying why not. */
    private void readPage(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        budget.onResponse(
                status == null ? 0 : status,
                m.getHeader("Ratelimit", String.class),
                m.getHeader("Retry-After", String.class));
        ops.metrics().request(source.name(), status == null ? 0 : status);
        byte[] body = ResponseBody.read(m);
        m.setBody(parser.parse(status == null ? 0 : status, body, requestDescription));
    }

    /**
     * Lets a request made ahead finish (it is bounded by the request timeouts; its page is dropped), then stops the
     * producer: interrupting it could leave the server with half a request and the connection pool with a broken one.
     */
    @Override
    public synchronized void close() throws Exception {
        ahead = null;
        if (aheadExecutor != null && endpoint != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(aheadExecutor);
            aheadExecutor = null;
        }
        if (http != null) {
            ServiceHelper.stopService(http);
            http = null;
        }
    }

    /** A page request started ahead of its turn. */
    private record Fetch(String query, CompletableFuture<Exchange> response) {
        Exchange await() throws Exception {
            try {
                return response.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}
