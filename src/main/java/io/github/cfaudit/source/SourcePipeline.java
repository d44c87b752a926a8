package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.ApiHttpClientConfigurer;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.AuditPage;
import io.github.cfaudit.cloudflare.CloudflareApiException;
import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.cloudflare.PageParser;
import io.github.cfaudit.config.ApiConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.routing.EntryHeaders;
import io.github.cfaudit.routing.EntrySelector;
import io.github.cfaudit.routing.PushDown;
import io.github.cfaudit.routing.SinkRoute;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.CheckpointFencedException;
import io.github.cfaudit.state.CheckpointStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a source's route, as processors: start a run (load the checkpoint, compute the window), fetch a page
 * (through the fetch route: prepare the request, HTTP, read the page), route its entries to the sinks' batches,
 * commit the page, finish the run. The route itself ({@link io.github.cfaudit.CloudflareAuditRoutes}) strings them
 * together with Camel's loop; the next page is fetched while the current one is delivered.
 */
public final class SourcePipeline {
    /** Exchange property holding the {@link SourceRun}. */
    public static final String RUN = "CloudflareAuditRun";
    /** Exchange property holding the {@link RunSummary} once a run ended. */
    public static final String SUMMARY = "CloudflareAuditRunSummary";
    /** Exchange property of a fetch exchange: the query string of the page to get. */
    public static final String QUERY = "CloudflareAuditQuery";
    /** The fetch route of a source: {@code <prefix><source name>}. */
    public static final String FETCH_ENDPOINT_PREFIX = "direct:cfaudit-fetch-";

    private static final Logger LOG = LoggerFactory.getLogger(SourcePipeline.class);
    private static final String USER_AGENT = io.github.cfaudit.internal.BuildInfo.userAgent();
    /** Bodies announced up to this size are read into an array of that size at once. */
    private static final long DIRECT_READ_LIMIT = 16L << 20;
    /** Camel's redelivery bookkeeping lives in these headers: clearing them would retry forever. */
    private static final String[] REDELIVERY_HEADERS = {Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERY_MAX_COUNTER,
        Exchange.REDELIVERED, Exchange.REDELIVERY_DELAY};

    private final SourceConfig source;
    private final ApiConfig api;
    private final CheckpointStore store;
    private final List<SinkRoute> sinks;
    private final Clock clock;
    private final PageParser parser;
    private final String requestDescription;
    private final RateBudget budget;
    private final Operations ops;
    private final boolean scheduled;
    private final boolean anyPredicate;
    private final EntrySelector selector;
    private ProducerTemplate producer;
    private ExecutorService fetchExecutor;
    /** " (node <id>)" in the User-Agent of a cluster node, else empty. */
    private String nodeSuffix = "";
    /** The registry name of the HTTP client configurer of this source's connection (its proxy). */
    private String httpClientConfigurer = ApiHttpClientConfigurer.BEAN_NAME;

    public SourcePipeline(SourceConfig source, ApiConfig api, CheckpointStore store, List<SinkRoute> sinks, Clock clock,
                          RateBudget budget, Operations ops, boolean scheduled) {
        this.selector = EntrySelector.of(source, sinks);
        this.source = PushDown.apply(source, sinks, selector);
        this.budget = budget;
        this.ops = ops;
        this.scheduled = scheduled;
        this.api = api;
        this.store = store;
        this.sinks = List.copyOf(sinks);
        this.anyPredicate = this.sinks.stream().anyMatch(r -> r.when() != null);
        this.clock = clock;
        this.parser = new PageParser(source.endpoint().family(), selector.capture());
        this.requestDescription = "GET " + source.endpoint().path();
    }

    public SourceConfig source() {
        return source;
    }

    /** This pipeline runs on a cluster node: its requests say which ({@code User-Agent: ... (node <id>)}). */
    public void onNode(String nodeId) {
        this.nodeSuffix = " (node " + nodeId + ")";
    }

    /** Requests go out through the HTTP client shaped by the configurer bound under {@code beanName}. */
    public SourcePipeline withHttpClientConfigurer(String beanName) {
        this.httpClientConfigurer = beanName;
        return this;
    }

    /** The camel-http endpoint URI for this source: fixed path, explicit timeouts, errors handled by the parser. */
    public String httpUri() {
        return api.baseUrl() + source.endpoint().path()
                + "?throwExceptionOnFailure=false&copyHeaders=false&followRedirects=false&disableStreamCache=true"
                + "&httpClientConfigurer=#" + httpClientConfigurer
                + "&connectTimeout=" + api.connectTimeout().toMillis()
                + "&soTimeout=" + api.timeout().toMillis()
                + "&responseTimeout=" + api.timeout().toMillis()
                + "&connectionRequestTimeout=" + api.timeout().toMillis();
    }

    public void startRun(Exchange exchange) {
        Checkpoint checkpoint = store.load(source.name()).orElse(null);
        if (checkpoint != null && !checkpoint.endpoint().equals(source.endpoint().path())) {
            throw new IllegalStateException("The checkpoint of source '" + source.name() + "' belongs to "
                    + checkpoint.endpoint() + " but the source now polls " + source.endpoint().path()
                    + ". Use a new source name for the new endpoint, or move the old checkpoint away.");
        }
        Window window = Window.of(source, checkpoint, clock);
        SourceRun run = new SourceRun(source, window, checkpoint);
        ops.source(source.name()).watermark(checkpoint == null ? null : checkpoint.watermark());
        if (window.isEmpty()) {
            run.more = false;
            run.reachedEnd = false;
            run.stopReason = "the window " + window + " is empty";
        }
        exchange.setProperty(RUN, run);
        exchange.removeProperty(SUMMARY);
    }

    public boolean hasMorePages(Exchange exchange) {
        return run(exchange).more;
    }

    /**
     * Step of the fetch route: waits for the shared rate budget, then sets the request. Only what the API expects goes
     * out (the query, the credentials, Accept and User-Agent). The query comes in the {@link #QUERY} property, so the
     * fetch route holds no state of the run and can fetch the next page while this one is delivered.
     */
    public void prepareRequest(Exchange exchange) throws InterruptedException {
        budget.acquire();
        Message m = exchange.getMessage();
        m.removeHeaders("*", REDELIVERY_HEADERS);
        m.setBody(null);
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_QUERY, exchange.getProperty(QUERY, String.class));
        api.credentials().headers().forEach(m::setHeader);
        m.setHeader("Accept", "application/json");
        m.setHeader("User-Agent", USER_AGENT + nodeSuffix);
    }

    /** Step of the fetch route: the response becomes an {@link AuditPage} body, or the exception saying why not. */
    public void readPage(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        budget.onResponse(status == null ? 0 : status, m.getHeader("Ratelimit", String.class), m.getHeader("Retry-After", String.class));
        ops.metrics().request(source.name(), status == null ? 0 : status);
        byte[] body = readBody(m);
        m.removeHeaders("*", REDELIVERY_HEADERS);
        m.setBody(parser.parse(status == null ? 0 : status, body, requestDescription));
    }

    /**
     * The response body, read once into an array of its announced length: the HTTP endpoint hands over the raw
     * stream ({@code disableStreamCache}) instead of copying it into a stream cache and from there into an array.
     * A body cut short fails here with the client's "premature end" I/O error, which is retried like any other.
     */
    static byte[] readBody(Message m) throws IOException {
        Object body = m.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof InputStream in) {
            try (in) {
                Long length = m.getHeader("Content-Length", Long.class);
                if (length != null && length >= 0 && length < Integer.MAX_VALUE - 8) {
                    // an ordinary page straight into the final array (readNBytes(int) collects chunks and copies them
                    // once more); an announced length past that grows with what really arrives
                    byte[] bytes;
                    int read;
                    if (length <= DIRECT_READ_LIMIT) {
                        bytes = new byte[length.intValue()];
                        read = in.readNBytes(bytes, 0, bytes.length);
                    } else {
                        bytes = in.readNBytes(length.intValue());
                        read = bytes.length;
                    }
                    if (read < length) {
                        throw new EOFException("the response ended after " + read + " of its " + length + " bytes");
                    }
                    return bytes;
                }
                return in.readAllBytes();
            }
        }
        byte[] bytes = m.getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }

    /**
     * The next page of the run: the one fetched ahead while the previous page was delivered, or fetched now (the first
     * page, and every retry). Then, when the page has a next cursor, the fetch of the page after it starts, so the
     * API's time and ours overlap. Only fetching runs ahead: entries are delivered and committed page by page, in order.
     */
    public void fetchPage(Exchange exchange) throws Exception {
        SourceRun run = run(exchange);
        run.startPage();
        String query = PageQuery.of(source, run.window, run.cursor);
        Fetch ahead = run.fetchAhead;
        run.fetchAhead = null;
        Exchange response = ahead != null && ahead.query().equals(query) ? ahead.await() : fetch(exchange.getContext(), query);
        Exception failure = response.getException();
        if (failure != null) {
            if (failure instanceof CloudflareApiException api400 && api400.status() == 400 && run.cursor != null
                    && !run.chainRestarted) {
                restartChain(run);
                throw new CursorRejectedException("source " + source.name() + ": the API rejected the cursor; "
                        + "paging again from the checkpoint", failure);
            }
            throw failure;
        }
        AuditPage page = response.getMessage().getBody(AuditPage.class);
        forgetRetries(exchange);
        run.pages++;
        ops.metrics().page(source.name(), page.entries().size());
        for (String reason : page.skipped()) {
            LOG.warn("source {}: skipped an entry on page {}: {}", source.name(), run.pages, reason);
        }
        run.skipped += page.skipped().size();
        decideNext(run, page);
        run.page = page;
        if (run.more) {
            String next = PageQuery.of(source, run.window, run.cursor);
            run.fetchAhead = new Fetch(next, CompletableFuture.supplyAsync(() -> fetch(exchange.getContext(), next),
                    fetchExecutor(exchange.getContext())));
        }
    }

    /** One request through the fetch route; the returned exchange holds the page or the failure. */
    private Exchange fetch(CamelContext context, String query) {
        return producer(context).send(FETCH_ENDPOINT_PREFIX + source.name(), e -> e.setProperty(QUERY, query));
    }

    private synchronized ProducerTemplate producer(CamelContext context) {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }

    private synchronized ExecutorService fetchExecutor(CamelContext context) {
        if (fetchExecutor == null) {
            fetchExecutor = context.getExecutorServiceManager().newSingleThreadExecutor(this, "cfaudit-fetch-" + source.name());
        }
        return fetchExecutor;
    }

    /** A page request started ahead of its turn. */
    record Fetch(String query, CompletableFuture<Exchange> response) {
        Exchange await() throws Exception {
            try {
                return response.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /** The paging rule: stop on an empty page, a missing cursor, a repeated cursor, or the page cap. */
    private void decideNext(SourceRun run, AuditPage page) {
        String next = page.nextCursor();
        run.more = false;
        if (page.isEmpty() || next == null) {
            run.reachedEnd = true;
        } else if (!run.cursorsSeen.add(next) || next.equals(run.cursor)) {
            run.stopReason = "the API repeated a cursor after page " + run.pages;
        } else if (run.pages >= source.maxPages()) {
            run.stopReason = "max-pages (" + source.maxPages() + ") reached";
        } else {
            run.more = true;
            run.cursor = next;
        }
    }

    /**
     * Per entry of the page, in order: drop ids already delivered, then hand the entry to every sink whose predicate
     * selects it. Predicates see an exchange with the entry as body and the {@link EntryHeaders}; one exchange is reused
     * for the entries of a page (a predicate only reads it), and none is made when no sink has a predicate. A fast
     * form ({@link EntrySelector}) decides without it; the exchange is filled only for Camel's own evaluation.
     */
    public void routePage(Exchange exchange) {
        SourceRun run = run(exchange);
        int n = sinks.size();
        PageBatch[] batches = new PageBatch[n];
        long[] bytes = new long[n];
        Exchange probe = anyPredicate ? new DefaultExchange(exchange.getContext()) : null;
        if (probe != null) {
            EntryHeaders.setSource(probe.getMessage(), source);
        }
        for (AuditEntry entry : run.page.entries()) {
            run.noteInPage(entry);
            if (run.alreadyDelivered(entry)) {
                run.duplicates++;
                continue;
            }
            run.pageIds.put(entry.id(), entry.time());
            for (int i = 0; i < n; i++) {
                SinkRoute route = sinks.get(i);
                if (selects(run, i, route, probe, entry)) {
                    if (batches[i] == null) {
                        batches[i] = route.sink().newBatch(source);
                    }
                    batches[i].add(entry);
                    bytes[i] += entry.jsonLength();
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (batches[i] != null) {
                run.batches.put(sinks.get(i).sink().name(), batches[i]);
                run.batchBytes.put(sinks.get(i).sink().name(), bytes[i]);
            }
        }
        run.page = null;
    }

    private boolean selects(SourceRun run, int index, SinkRoute route, Exchange probe, AuditEntry entry) {
        if (route.when() == null) {
            return true;
        }
        Boolean fast = selector.decide(index, entry);
        if (fast != null) {
            return fast;
        }
        if (probe.getMessage().getBody() != entry) {
            // the entry's exchange is set up only when Camel evaluates a predicate on it
            probe.getMessage().setBody(entry);
            EntryHeaders.setEntry(probe.getMessage(), entry);
        }
        try {
            return route.selects(probe);
        } catch (RuntimeException e) {
            run.predicateErrors.computeIfAbsent(route.sink().name(), n -> new PredicateErrors(entry.id(), rootMessage(e))).count++;
            return false;
        } finally {
            probe.setException(null);
        }
    }

    /**
     * Every sink accepts the page, then, and only then, the checkpoint moves past it. A sink that accepted the page
     * is not asked again when the commit is retried because another one failed.
     */
    public void commitPage(Exchange exchange) {
        SourceRun run = run(exchange);
        // the checkpoint is prepared while the sinks flush, and published only once they all accepted the page
        Checkpoint next = run.pageMaxTime == null ? null : nextCheckpoint(run, run.pageMaxTime);
        CheckpointStore.Staged staged = next == null ? null : store.stage(source.name(), next);
        try {
            flushSinks(run);
        } catch (RuntimeException e) {
            if (staged != null) {
                staged.discard();
            }
            throw e;
        }
        if (staged != null) {
            staged.publish();
            run.checkpoint = next;
        }
        // counted once committed: a commit retried after a failed checkpoint write does not count the page twice
        run.delivered += run.pageIds.size();
        ops.metrics().delivered(source.name(), run.pageIds.size());
        run.pageIds.clear();
        if (staged != null) {
            reportProgress(run, run.pageMaxTime);
        }
        forgetRetries(exchange);
        exchange.getMessage().setBody(null);
    }

    /**
     * The retries of {@code cfaudit.api.max-retries} and {@code cfaudit.delivery.max-retries} are per page request and
     * per page commit. Camel counts redeliveries in headers of the run's exchange, which lives for the whole run: left
     * there, the failures of every page would add up, and a long run would give up after a handful of blips spread
     * over hundreds of pages. So the count starts again once a step went through.
     */
    private static void forgetRetries(Exchange exchange) {
        Message m = exchange.getMessage();
        for (String header : REDELIVERY_HEADERS) {
            m.removeHeader(header);
        }
    }

    private void flushSinks(SourceRun run) {
        for (var it = run.batches.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, PageBatch> e = it.next();
            long start = System.nanoTime();
            try {
                e.getValue().flush();
                ops.metrics().sinkWrite(e.getKey(), e.getValue().size(), run.batchBytes.getOrDefault(e.getKey(), 0L),
                        System.nanoTime() - start);
                ops.sink(e.getKey()).accepted(clock.instant());
            } catch (Exception failure) {
                ops.metrics().sinkFailure(e.getKey());
                ops.sink(e.getKey()).failed(clock.instant(), rootMessage(failure));
                throw new SinkDeliveryException("sink " + e.getKey() + " did not accept page " + run.pages + " of source "
                        + source.name() + ": " + rootMessage(failure), failure);
            }
            run.perSink.merge(e.getKey(), (long) e.getValue().size(), Long::sum);
            it.remove();
        }
    }

    private void reportProgress(SourceRun run, Instant position) {
        long now = System.nanoTime();
        boolean log = now - run.lastProgressLog >= ops.settings().progressInterval().toNanos();
        if (log) {
            run.lastProgressLog = now;
        }
        ops.progress(io.github.cfaudit.operations.Progress.of(source.name(), run.window.since(), run.window.before(),
                position, run.delivered, Duration.ofNanos(now - run.startNanos)), log);
    }

    public void finishRun(Exchange exchange) {
        SourceRun run = run(exchange);
        reportPredicateErrors(run);
        if (run.reachedEnd) {
            commit(run, run.window.before());
        }
        RunSummary summary = summary(run, run.reachedEnd || run.stopReason != null && run.window.isEmpty()
                ? RunOutcome.COMPLETE : RunOutcome.INCOMPLETE, null);
        exchange.setProperty(SUMMARY, summary);
        ops.source(source.name()).succeeded(clock.instant(), summary.watermark());
        if (summary.outcome() == RunOutcome.COMPLETE) {
            LOG.info("source {}: window {}: {} page(s), {} new entries, {} already delivered{}{}; sinks {}; {} ms; watermark {}",
                    source.name(), run.window, run.pages, run.delivered, run.duplicates,
                    run.skipped > 0 ? ", " + run.skipped + " skipped" : "",
                    run.retries > 0 ? ", " + run.retries + " retries" : "", run.perSink, summary.duration().toMillis(),
                    summary.watermark());
        } else {
            LOG.warn("source {}: stopped early because {}: {} page(s), {} new entries committed, watermark {}; "
                    + "the next run continues from there", source.name(), run.stopReason, run.pages, run.delivered,
                    summary.watermark());
        }
    }

    /** For a run that threw: the summary of what it did, logged once, without the stack trace at INFO/WARN. */
    public RunSummary failRun(Exchange exchange, Throwable cause) {
        SourceRun run = exchange.getProperty(RUN, SourceRun.class);
        String reason = rootMessage(cause);
        if (run != null) {
            // a page fetched ahead is dropped: the next run asks for it again, from the checkpoint
            run.fetchAhead = null;
            reportPredicateErrors(run);
        }
        CheckpointFencedException fenced = fenced(cause);
        if (fenced != null) {
            // another node owns the source now: not a failure of this one, and nothing to retry here
            LOG.warn(fenced.getMessage());
            RunSummary summary = run == null ? new RunSummary(source.name(), RunOutcome.INCOMPLETE, null, 0, 0, 0, 0,
                    Map.of(), null, Duration.ZERO, fenced.getMessage()) : summary(run, RunOutcome.INCOMPLETE, fenced.getMessage());
            exchange.setProperty(SUMMARY, summary);
            return summary;
        }
        RunSummary summary = run == null
                ? new RunSummary(source.name(), RunOutcome.FAILED, null, 0, 0, 0, 0, Map.of(), null, Duration.ZERO, reason)
                : summary(run, RunOutcome.FAILED, reason);
        exchange.setProperty(SUMMARY, summary);
        ops.source(source.name()).failed(clock.instant(), reason, summary.watermark());
        LOG.error("source {}: run failed after {} page(s), {} entries committed; checkpoint stays at {}: {}{}",
                source.name(), summary.pages(), summary.delivered(), summary.watermark(), reason,
                scheduled ? ". The next scheduled run (" + source.schedule() + ") starts again from the checkpoint" : "");
        LOG.debug("source {}: failure detail", source.name(), cause);
        return summary;
    }

    private static CheckpointFencedException fenced(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CheckpointFencedException f) {
                return f;
            }
        }
        return null;
    }

    /** A retry of a page request is about to happen. */
    public void onRetry(Exchange exchange) {
        SourceRun run = exchange.getProperty(RUN, SourceRun.class);
        if (run != null) {
            run.retries++;
        }
        ops.metrics().retry(source.name());
    }

    /** True for a failure that another try of the same request may not meet. */
    public static boolean isTransientApiFailure(Exchange exchange) {
        return Failures.isTransientApiFailure(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    private void restartChain(SourceRun run) {
        run.chainRestarted = true;
        run.cursor = null;
        run.cursorsSeen.clear();
        Instant since = run.checkpoint == null ? run.window.since() : Window.of(source, run.checkpoint, clock).since();
        run.window = new Window(since, run.window.before());
    }

    /** Stops the template used for page requests (the fetch-ahead thread belongs to the CamelContext). */
    public synchronized void close() throws Exception {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    public RateBudget budget() {
        return budget;
    }

    private void reportPredicateErrors(SourceRun run) {
        run.predicateErrors.forEach((sink, errors) -> LOG.warn("source {}: the 'when' of sink {} could not be evaluated "
                + "on {} entries, which were not sent to it (first: entry {}: {})", source.name(), sink, errors.count,
                errors.firstEntry, errors.firstMessage));
        run.predicateErrors.clear();
    }

    /** The message of the real cause: Camel wraps the failure of a split or loop step in several layers. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t instanceof org.apache.camel.CamelException
                || t instanceof org.apache.camel.RuntimeCamelException || t.getClass().getName().startsWith("org.apache.camel."))) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return t == e || message.contains(t.getClass().getSimpleName()) ? message : t.getClass().getSimpleName() + ": " + message;
    }

    /** Entries on which a sink's predicate threw, reported once per run. */
    static final class PredicateErrors {
        final String firstEntry;
        final String firstMessage;
        long count;

        PredicateErrors(String firstEntry, String firstMessage) {
            this.firstEntry = firstEntry;
            this.firstMessage = firstMessage;
        }
    }

    private void commit(SourceRun run, Instant watermark) {
        Checkpoint next = nextCheckpoint(run, watermark);
        store.save(source.name(), next);
        run.checkpoint = next;
        run.pageIds.clear();
    }

    private Checkpoint nextCheckpoint(SourceRun run, Instant watermark) {
        Checkpoint base = run.checkpoint != null ? run.checkpoint
                : new Checkpoint(source.endpoint().path(), run.window.since(), Map.of());
        return base.advance(watermark, run.pageIds, source.lookback());
    }

    private RunSummary summary(SourceRun run, RunOutcome outcome, String failure) {
        return new RunSummary(source.name(), outcome, run.window, run.pages, run.delivered, run.duplicates, run.skipped,
                Map.copyOf(run.perSink), run.checkpoint == null ? null : run.checkpoint.watermark(),
                Duration.ofNanos(System.nanoTime() - run.startNanos), failure);
    }

    private static SourceRun run(Exchange exchange) {
        return exchange.getProperty(RUN, SourceRun.class);
    }
}
