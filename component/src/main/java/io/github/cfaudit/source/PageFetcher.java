package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditPage;
import io.github.cfaudit.cloudflare.CloudflareApiException;
import io.github.cfaudit.cloudflare.FieldCapture;
import io.github.cfaudit.cloudflare.PageParser;
import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.connection.ApiHttpClients;
import io.github.cfaudit.internal.BuildInfo;
import io.github.cfaudit.operations.Operations;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the pages of a source: shapes the request (budget, credentials, User-Agent), sends it with the connection's
 * Apache HttpClient ({@link ApiHttpClients}), reads the body into an {@link AuditPage}, retries what another try may
 * fix, and fetches the next page ahead while the current one is delivered, so the API's time and ours overlap. Only
 * fetching runs ahead: pages are delivered and committed one by one, in order.
 */
public final class PageFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageFetcher.class);
    private static final String USER_AGENT = BuildInfo.userAgent();

    private final SourceConfig source;
    private final ConnectionConfig connection;
    private final ApiConfig api;
    private final RateBudget budget;
    private final Operations ops;
    private final PageParser parser;
    private final String requestDescription;
    private final String userAgent;
    /** {@code base-url + path + "?"}: a request's URL is this plus its query. */
    private final String pageUrl;
    /** Requests hold it shared while they use the client; closing holds it exclusively. */
    private final ReadWriteLock clientLock = new ReentrantReadWriteLock();
    /** Set first thing in close(): a failure from then on is not retried. */
    private volatile boolean closing;

    /** Built at start, closed by close(); null before and after. */
    private CloseableHttpClient client;

    private CamelContext context;
    private ExecutorService aheadExecutor;
    /** The threads of the backfill chains ({@link BackfillChains}); null when the source pages with one chain. */
    private ExecutorService chainExecutor;
    /** The request for the next page, started while the current one is delivered; null when none. */
    private Fetch ahead;

    /**
     * @param connection the connection the requests go through: base URL, credentials, timeouts, retries, proxy
     * @param capture    the entry fields the page parser picks up for fast predicates (null: none)
     * @param nodeId     the cluster node whose requests these are ({@code User-Agent: ... (node <id>)}), or null
     */
    public PageFetcher(
            SourceConfig source,
            ConnectionConfig connection,
            RateBudget budget,
            Operations ops,
            FieldCapture capture,
            String nodeId) {
        this.source = source;
        this.connection = connection;
        this.api = connection.api();
        this.budget = budget;
        this.ops = ops;
        this.parser = new PageParser(source.endpoint().family(), capture);
        this.requestDescription = "GET " + source.endpoint().path();
        this.userAgent = USER_AGENT + (nodeId == null ? "" : " (node " + nodeId + ")");
        this.pageUrl = api.baseUrl() + source.endpoint().path() + "?";
    }

    /** Builds the HTTP client and the fetch-ahead thread (an executor of {@code context}). */
    public synchronized void start(CamelContext context) {
        this.context = context;
        closing = false;
        Lock exclusive = clientLock.writeLock();
        exclusive.lock();
        try {
            client = ApiHttpClients.forPages(connection);
        } finally {
            exclusive.unlock();
        }
        aheadExecutor =
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "cfaudit-fetch-" + source.name());
        int parallelism = source.backfill().parallelism();
        if (parallelism > 1 && !source.endpoint().family().pageNumbered()) {
            chainExecutor = context.getExecutorServiceManager()
                    .newFixedThreadPool(this, "cfaudit-backfill-" + source.name(), parallelism);
        }
    }

    /**
     * Starts the cursor chains of a backfill over {@code slices} of {@code run}'s window: each page with the retries
     * of {@link #next}, its request paced by the connection's budget like every other.
     */
    BackfillChains backfill(SourceRun run, java.util.List<Window> slices) {
        ExecutorService executor = chainExecutor;
        if (executor == null) {
            throw new IllegalStateException("source " + source.name() + ": the page fetcher has no backfill chains");
        }
        int parallelism = source.backfill().parallelism();
        return new BackfillChains(
                        slices,
                        (slice, cursor) -> PageQuery.of(source, slice, cursor),
                        (query, what) -> slicePage(run, query, what))
                .start(executor, parallelism);
    }

    /** One page of a backfill slice, retried as {@link #next} retries; a 400 is thrown as it is. Thread-safe. */
    private AuditPage slicePage(SourceRun run, String query, String what) throws Exception {
        for (int attempt = 0; ; attempt++) {
            Fetched response = fetch(query);
            Exception failure = response.failure();
            if (failure == null) {
                AuditPage page = response.page();
                ops.metrics().page(source.name(), page.entries().size());
                for (String reason : page.skipped()) {
                    LOG.warn("source {}: skipped an entry on {}: {}", source.name(), what, reason);
                }
                return page;
            }
            if (failure instanceof CloudflareApiException api400 && api400.status() == 400) {
                throw failure;
            }
            retryOrThrow(run, attempt, what, failure);
        }
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
        // a fetcher being closed (its route stops) does not retry: the run ends, the next start pages from the
        // checkpoint
        if (closing || attempt >= api.maxRetries() || !Failures.isTransientApiFailure(failure)) {
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
        Fetched response = pending != null && pending.query().equals(query) ? pending.await() : fetch(query);
        Exception failure = response.failure();
        if (failure != null) {
            if (failure instanceof CloudflareApiException api400
                    && api400.status() == 400
                    && source.endpoint().family().pageNumbered()) {
                return pageNumberRejected(run, api400);
            }
            if (failure instanceof CloudflareApiException api400 && api400.status() == 400 && run.restartChain()) {
                throw new CursorRejectedException(
                        "source " + source.name() + ": the API rejected the cursor; "
                                + "paging again from the checkpoint",
                        failure);
            }
            throw failure;
        }
        AuditPage page = response.page();
        ops.metrics().page(source.name(), page.entries().size());
        for (String reason : page.skipped()) {
            LOG.warn("source {}: skipped an entry on page {}: {}", source.name(), run.pages() + 1, reason);
        }
        return page;
    }

    /**
     * A page-numbered endpoint answered 400: past the last page (reported for audit logs v1, which answer so rather
     * than with an empty page) that is the end; for page 1, or a page the page before counted in its
     * {@code result_info.total_pages}, it is an error.
     */
    private AuditPage pageNumberRejected(SourceRun run, CloudflareApiException failure) {
        int number = run.pageNumber();
        Integer total = run.totalPagesBefore();
        if (Paging.badRequestIsTheEnd(number, total)) {
            LOG.debug("source {}: page {} answered 400, taken as past the last page", source.name(), number);
            return AuditPage.pastTheEnd();
        }
        if (number == 1) {
            throw failure;
        }
        throw new CloudflareApiException(
                failure.status(),
                requestDescription + " page " + number + " (of " + total + " by result_info.total_pages of page "
                        + (number - 1) + ")",
                failure.apiErrors(),
                null);
    }

    /** Backoff before retry {@code attempt + 1}: doubling from retry-delay, at most a minute, 15 % spread. */
    private long backoff(int attempt) {
        double delay =
                Math.min(api.retryDelay().toMillis() * Math.pow(2, attempt), ApiConfig.MAX_RETRY_DELAY.toMillis());
        return Math.round(delay * (0.85 + 0.3 * ThreadLocalRandom.current().nextDouble()));
    }

    /** One request; never throws: the result holds the page or the failure. */
    private Fetched fetch(String query) {
        try {
            budget.acquire();
            Lock shared = clientLock.readLock();
            shared.lock();
            byte[] body;
            int status;
            try {
                if (client == null) {
                    throw new IllegalStateException("source " + source.name() + ": the page fetcher is closed");
                }
                Response response = client.execute(request(query), this::readResponse);
                status = response.status();
                body = response.body();
            } finally {
                shared.unlock();
            }
            return new Fetched(parser.parse(status, body, requestDescription), null);
        } catch (Exception e) {
            return new Fetched(null, e);
        }
    }

    /**
     * The request: only what the API expects goes out. Its headers go in the order of their names, as they always
     * have (WireBytesIT holds the bytes), ahead of those the client adds ({@code Accept-Encoding}, {@code Host},
     * {@code Connection}).
     */
    private HttpGet request(String query) {
        HttpGet request = new HttpGet(pageUrl + query);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(api.credentials().headers());
        headers.put("Accept", "application/json");
        headers.put("User-Agent", userAgent);
        headers.forEach(request::addHeader);
        return request;
    }

    /** Tells the budget and the metrics about the response, then reads its body (the client then releases it). */
    private Response readResponse(ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        budget.onResponse(status, headerValue(response, "Ratelimit"), headerValue(response, "Retry-After"));
        ops.metrics().request(source.name(), status);
        HttpEntity entity = response.getEntity();
        byte[] body = entity == null ? new byte[0] : ResponseBody.read(entity.getContent(), entity.getContentLength());
        return new Response(status, body);
    }

    private static String headerValue(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    /**
     * Lets a request made ahead finish (it is bounded by the request timeouts; its page is dropped), and a request in
     * progress, then closes the client: interrupting a request could leave the server with half of it and the
     * connection pool with a broken connection.
     */
    @Override
    public synchronized void close() {
        closing = true;
        ahead = null;
        if (aheadExecutor != null) {
            context.getExecutorServiceManager().shutdownGraceful(aheadExecutor);
            aheadExecutor = null;
        }
        if (chainExecutor != null) {
            context.getExecutorServiceManager().shutdownGraceful(chainExecutor);
            chainExecutor = null;
        }
        Lock exclusive = clientLock.writeLock();
        exclusive.lock();
        try {
            if (client != null) {
                client.close(CloseMode.GRACEFUL);
                client = null;
            }
        } finally {
            exclusive.unlock();
        }
    }

    /** What one request brought: the page, or why there is none. */
    private record Fetched(AuditPage page, Exception failure) {}

    /** A response as read, before parsing. */
    private record Response(int status, byte[] body) {}

    /** A page request started ahead of its turn. */
    private record Fetch(String query, CompletableFuture<Fetched> response) {
        Fetched await() throws Exception {
            try {
                return response.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}
