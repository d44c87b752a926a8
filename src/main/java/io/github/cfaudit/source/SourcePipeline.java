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
import io.github.cfaudit.routing.SinkRoute;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.CheckpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a source's route, as processors: start a run (load the checkpoint, compute the window), prepare each
 * page request, read the page, classify and route each entry, commit the page, finish the run. The route itself
 * ({@link io.github.cfaudit.CloudflareAuditRoutes}) strings them together with Camel's loop and split.
 */
public final class SourcePipeline {
    /** Exchange property holding the {@link SourceRun}. */
    public static final String RUN = "CloudflareAuditRun";
    /** Exchange property holding the {@link RunSummary} once a run ended. */
    public static final String SUMMARY = "CloudflareAuditRunSummary";
    /** Exchange property set on an entry exchange whose id was already delivered. */
    public static final String DUPLICATE = "CloudflareAuditDuplicate";

    private static final Logger LOG = LoggerFactory.getLogger(SourcePipeline.class);
    private static final String USER_AGENT = "camel-cloudflare-audit";
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

    public SourcePipeline(SourceConfig source, ApiConfig api, CheckpointStore store, List<SinkRoute> sinks, Clock clock,
                          RateBudget budget, Operations ops, boolean scheduled) {
        this.source = source;
        this.budget = budget;
        this.ops = ops;
        this.scheduled = scheduled;
        this.api = api;
        this.store = store;
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        this.parser = new PageParser(source.endpoint().family());
        this.requestDescription = "GET " + source.endpoint().path();
    }

    public SourceConfig source() {
        return source;
    }

    /** The camel-http endpoint URI for this source: fixed path, explicit timeouts, errors handled by the parser. */
    public String httpUri() {
        return api.baseUrl() + source.endpoint().path()
                + "?throwExceptionOnFailure=false&copyHeaders=false&followRedirects=false"
                + "&httpClientConfigurer=#" + ApiHttpClientConfigurer.BEAN_NAME
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
     * Waits for the shared rate budget, then sets the request: only what the API expects goes out (the query, the
     * credentials, Accept and User-Agent).
     */
    public void prepareRequest(Exchange exchange) throws InterruptedException {
        SourceRun run = run(exchange);
        run.startPage();
        budget.acquire();
        Message m = exchange.getMessage();
        m.removeHeaders("*", REDELIVERY_HEADERS);
        m.setBody(null);
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_QUERY, PageQuery.of(source, run.window, run.cursor));
        api.credentials().headers().forEach(m::setHeader);
        m.setHeader("Accept", "application/json");
        m.setHeader("User-Agent", USER_AGENT);
    }

    public void readPage(Exchange exchange) {
        SourceRun run = run(exchange);
        Message m = exchange.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        budget.onResponse(status == null ? 0 : status, m.getHeader("Ratelimit", String.class), m.getHeader("Retry-After", String.class));
        ops.metrics().request(source.name(), status == null ? 0 : status);
        byte[] body = m.getBody(byte[].class);
        m.removeHeaders("*", REDELIVERY_HEADERS);
        AuditPage page;
        try {
            page = parser.parse(status == null ? 0 : status, body == null ? new byte[0] : body, requestDescription);
        } catch (CloudflareApiException e) {
            if (e.status() == 400 && run.cursor != null && !run.chainRestarted) {
                restartChain(run);
                throw new CursorRejectedException("source " + source.name() + ": the API rejected the cursor; "
                        + "paging again from the checkpoint", e);
            }
            throw e;
        }
        run.pages++;
        ops.metrics().page(source.name(), page.entries().size());
        for (String reason : page.skipped()) {
            LOG.warn("source {}: skipped an entry on page {}: {}", source.name(), run.pages, reason);
        }
        run.skipped += page.skipped().size();
        decideNext(run, page);
        m.setBody(page.entries());
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

    /** Per entry: drop ids already delivered, set the entry headers. */
    public void classifyEntry(Exchange exchange) {
        SourceRun run = run(exchange);
        AuditEntry entry = exchange.getMessage().getBody(AuditEntry.class);
        run.noteInPage(entry);
        if (run.alreadyDelivered(entry)) {
            run.duplicates++;
            exchange.setProperty(DUPLICATE, Boolean.TRUE);
            return;
        }
        run.pageIds.put(entry.id(), entry.time());
        EntryHeaders.set(exchange.getMessage(), source, entry);
    }

    public boolean isNewEntry(Exchange exchange) {
        return !Boolean.TRUE.equals(exchange.getProperty(DUPLICATE));
    }

    /** Per new entry: add it to the batch of every sink whose predicate selects it. */
    public void routeEntry(Exchange exchange) {
        SourceRun run = run(exchange);
        AuditEntry entry = exchange.getMessage().getBody(AuditEntry.class);
        for (SinkRoute route : sinks) {
            boolean selected;
            try {
                selected = route.selects(exchange);
            } catch (RuntimeException e) {
                run.predicateErrors.computeIfAbsent(route.sink().name(), n -> new PredicateErrors(entry.id(), rootMessage(e))).count++;
                selected = false;
            }
            if (selected) {
                run.batches.computeIfAbsent(route.sink().name(), n -> route.sink().newBatch(source)).add(entry);
                run.batchBytes.merge(route.sink().name(), (long) entry.jsonBytes().length, Long::sum);
            }
        }
    }

    /**
     * Every sink accepts the page, then, and only then, the checkpoint moves past it. A sink that accepted the page
     * is not asked again when the commit is retried because another one failed.
     */
    public void commitPage(Exchange exchange) {
        SourceRun run = run(exchange);
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
        run.delivered += run.pageIds.size();
        ops.metrics().delivered(source.name(), run.pageIds.size());
        if (run.pageMaxTime != null) {
            commit(run, run.pageMaxTime);
            reportProgress(run, run.pageMaxTime);
        }
        exchange.getMessage().setBody(null);
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
            reportPredicateErrors(run);
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
        Checkpoint base = run.checkpoint != null ? run.checkpoint
                : new Checkpoint(source.endpoint().path(), run.window.since(), Map.of());
        Checkpoint next = base.advance(watermark, run.pageIds, source.lookback());
        store.save(source.name(), next);
        run.checkpoint = next;
        run.pageIds.clear();
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
