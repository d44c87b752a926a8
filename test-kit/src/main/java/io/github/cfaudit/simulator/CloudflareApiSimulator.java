package io.github.cfaudit.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small, faithful Cloudflare audit-log API server on 127.0.0.1 for tests and demo mode.
 * Serves audit logs v2 (organizations, accounts), audit logs v1 (accounts, the requesting user) and Security Center
 * insight audit logs, with
 * switches for paging quirks, injected failures, delays and rate limiting. All methods are thread-safe.
 */
public final class CloudflareApiSimulator implements AutoCloseable {

    private static final Set<String> INSIGHT_SCOPES = Set.of("accounts", "zones");

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus delayed ACKs
        // add ~40 ms to every response. Read once by the JDK when the first HttpServer starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final SimulatorState state = new SimulatorState();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private CloudflareApiSimulator(int port) {
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "cf-api-simulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot bind simulator to 127.0.0.1:" + port, e);
        }
        server.createContext("/", new SimulatorHandler(state));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on a free port. */
    public static CloudflareApiSimulator start() {
        return new CloudflareApiSimulator(0);
    }

    /** Starts on the given port (0 = any free port). */
    public static CloudflareApiSimulator start(int port) {
        return new CloudflareApiSimulator(port);
    }

    /** {@code http://127.0.0.1:PORT/client/v4} (no trailing slash). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/client/v4";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once; in-flight requests are dropped. A second call does nothing. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** {@link #close()}: the counterpart of {@link #start()} for code that does not use try-with-resources. */
    public void stop() {
        close();
    }

    // ---- auth -------------------------------------------------------------------------------------------

    /** Accepts {@code Authorization: Bearer <token>}. Once any credential is set, others get 403. */
    public CloudflareApiSimulator acceptToken(String token) {
        state.credentials.addToken(Objects.requireNonNull(token));
        return this;
    }

    /**
     * Accepts {@code Authorization: Bearer <token>} only for these organization, account or zone ids (a scoped
     * Cloudflare user token); requests for other ids with it get 403. {@code /user/tokens/verify} accepts it.
     */
    public CloudflareApiSimulator acceptToken(String token, String... scopeIds) {
        state.credentials.addScopedToken(Objects.requireNonNull(token), Set.of(scopeIds));
        return this;
    }

    /**
     * Accepts {@code Authorization: Bearer <token>} as an account-owned token of {@code accountId} (Manage Account >
     * Account API Tokens), as Cloudflare does: {@code /user/tokens/verify} answers 401 ({@code code 1000, Invalid API
     * Token}), {@code /accounts/<accountId>/tokens/verify} 200 and another account's 401; it reads that account's audit
     * log and insights and the insights of {@code zoneIds}, and gets 403 for other accounts, zones and every
     * organization.
     */
    public CloudflareApiSimulator acceptAccountToken(String token, String accountId, String... zoneIds) {
        state.credentials.addAccountToken(
                Objects.requireNonNull(token), Objects.requireNonNull(accountId), Set.of(zoneIds));
        return this;
    }

    /**
     * The status {@code tokens/verify} reports for a token already accepted: {@code active} (the default),
     * {@code disabled} or {@code expired}. A token that is not active gets 403 for every request of data.
     */
    public CloudflareApiSimulator setTokenStatus(String token, String status) {
        if (!Set.of("active", "disabled", "expired").contains(status)) {
            throw new IllegalArgumentException("status must be active, disabled or expired: " + status);
        }
        state.credentials.setStatus(Objects.requireNonNull(token), status);
        return this;
    }

    /** Accepts {@code X-Auth-Email} (case-insensitive) plus {@code X-Auth-Key}. */
    public CloudflareApiSimulator acceptGlobalKey(String email, String key) {
        state.credentials.addGlobalKey(Objects.requireNonNull(email), Objects.requireNonNull(key));
        return this;
    }

    /** Forgets all credentials: every request is accepted again. */
    public CloudflareApiSimulator clearCredentials() {
        state.credentials.clear();
        return this;
    }

    // ---- data -------------------------------------------------------------------------------------------

    /** Adds an organization audit-log v2 entry (needs {@code action.time}; {@code id} indexed). */
    public CloudflareApiSimulator addOrganizationEntry(String orgId, String entryJson) {
        state.store.addAudit(EntryStore.orgScope(orgId), entryJson);
        return this;
    }

    /** Adds an account audit-log v2 entry (needs {@code action.time}). */
    public CloudflareApiSimulator addAccountEntry(String accountId, String entryJson) {
        state.store.addAudit(EntryStore.accountScope(accountId), entryJson);
        return this;
    }

    /** Adds an insight audit-log entry (needs {@code changed_at}; {@code issue_id} selects the per-issue view). */
    public CloudflareApiSimulator addInsightEntry(String scopeKind, String scopeId, String entryJson) {
        if (!INSIGHT_SCOPES.contains(scopeKind)) {
            throw new IllegalArgumentException("scopeKind must be 'accounts' or 'zones': " + scopeKind);
        }
        state.store.addInsight(EntryStore.insightScope(scopeKind, scopeId), entryJson);
        return this;
    }

    /** Adds an account audit-log v1 entry (needs {@code when}), served at {@code /accounts/<id>/audit_logs}. */
    public CloudflareApiSimulator addAccountV1Entry(String accountId, String entryJson) {
        state.store.addV1(EntryStore.v1AccountScope(accountId), entryJson);
        return this;
    }

    /**
     * Adds a user audit-log v1 entry (needs {@code when}) of the user whose requests carry {@code user}: their bearer
     * token, or the e-mail address of their global key. {@code /user/audit_logs} serves each user their own entries;
     * an account-owned token gets 403 there (it has no user).
     */
    public CloudflareApiSimulator addUserEntry(String user, String entryJson) {
        state.store.addV1(
                EntryStore.v1UserScope(user.contains("@") ? user.toLowerCase(java.util.Locale.ROOT) : user), entryJson);
        return this;
    }

    public int accountV1EntryCount(String accountId) {
        return state.store.size(EntryStore.v1AccountScope(accountId));
    }

    /** Ids of an account's v1 entries, oldest first. */
    public List<String> accountV1Ids(String accountId) {
        return state.store.ids(EntryStore.v1AccountScope(accountId));
    }

    /** Ids of a user's v1 entries ({@code user} as for {@link #addUserEntry}), oldest first. */
    public List<String> userIds(String user) {
        return state.store.ids(
                EntryStore.v1UserScope(user.contains("@") ? user.toLowerCase(java.util.Locale.ROOT) : user));
    }

    /** Total number of stored entries over all scopes. */
    public int size() {
        return state.store.size();
    }

    public int organizationEntryCount(String orgId) {
        return state.store.size(EntryStore.orgScope(orgId));
    }

    public int accountEntryCount(String accountId) {
        return state.store.size(EntryStore.accountScope(accountId));
    }

    public int insightEntryCount(String scopeKind, String scopeId) {
        return state.store.size(EntryStore.insightScope(scopeKind, scopeId));
    }

    /** Ids of an organization's entries, oldest first (time, then id). */
    public List<String> organizationIds(String orgId) {
        return state.store.ids(EntryStore.orgScope(orgId));
    }

    /** Ids of an account's entries, oldest first. */
    public List<String> accountIds(String accountId) {
        return state.store.ids(EntryStore.accountScope(accountId));
    }

    /** Ids of an insight scope's entries (all issues), oldest first. */
    public List<String> insightIds(String scopeKind, String scopeId) {
        return state.store.ids(EntryStore.insightScope(scopeKind, scopeId));
    }

    /** Removes every stored entry (switches and request log are kept). */
    public CloudflareApiSimulator clearData() {
        state.store.clear();
        return this;
    }

    // ---- paging quirks ------------------------------------------------------------------------------------

    /** Where v2 responses put the cursor (default {@link CursorPlacement#CURSOR}). */
    public CloudflareApiSimulator setCursorPlacement(CursorPlacement placement) {
        state.updatePaging(p -> p.withPlacement(Objects.requireNonNull(placement)));
        return this;
    }

    /** Pages hold at most {@code cap} entries whatever limit/per_page asks; {@code null} removes the cap. */
    public CloudflareApiSimulator setMaxPageSize(Integer cap) {
        if (cap != null && cap < 1) {
            throw new IllegalArgumentException("cap must be >= 1");
        }
        state.updatePaging(p -> p.withMaxPageSize(cap));
        return this;
    }

    /** Last data page still carries a cursor; that cursor gives an empty page which carries a new cursor. */
    public CloudflareApiSimulator setTrailingEmptyPage(boolean on) {
        state.updatePaging(p -> p.withTrailingEmptyPage(on));
        return this;
    }

    /** Every page returns the request's cursor (the first page a fresh one, even when it is the last). */
    public CloudflareApiSimulator setRepeatCursor(boolean on) {
        state.updatePaging(p -> p.withRepeatCursor(on));
        return this;
    }

    /** The cursor never ends: past the end the last page is served again, each time with a fresh cursor. */
    public CloudflareApiSimulator setEndlessCursor(boolean on) {
        state.updatePaging(p -> p.withEndlessCursor(on));
        return this;
    }

    /**
     * Every page after the first of a chain also carries the first {@code n} entries of the chain's first page
     * (0: off), as an API whose pages overlap does, and a mock server that serves its example on every page.
     */
    public CloudflareApiSimulator setRepeatEarlierEntries(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        state.updatePaging(p -> p.withRepeatEarlier(n));
        return this;
    }

    /** Every page also carries the entries just outside the query's window: before {@code since}, at {@code before}. */
    public CloudflareApiSimulator setEntriesOutsideWindow(boolean on) {
        state.updatePaging(p -> p.withOutsideWindow(on));
        return this;
    }

    /**
     * Whether v1 pages carry {@code result_info.total_count} and {@code total_pages} (the default); without them a
     * client finds the end only by an empty page or the 400 for a page past the last one.
     */
    public CloudflareApiSimulator setV1Totals(boolean on) {
        state.updatePaging(p -> p.withV1Totals(on));
        return this;
    }

    /** A v1 page past the last one: an empty page ({@code true}) instead of HTTP 400 (the default, as reported). */
    public CloudflareApiSimulator setV1PastTheEndEmpty(boolean on) {
        state.updatePaging(p -> p.withV1PastTheEndEmpty(on));
        return this;
    }

    // ---- faults -------------------------------------------------------------------------------------------

    /** The next {@code count} requests (any path) get this response. A 429 without Retry-After gets "1". */
    public CloudflareApiSimulator failNext(int count, int status, String contentType, String body) {
        long now = state.requestSeq.get();
        state.faults.bySequence(now + 1, now + count, canned(status, contentType, body));
        return this;
    }

    /** Only the {@code nth} request from now (1 = the next one) gets this response. */
    public CloudflareApiSimulator failRequest(int nth, int status, String contentType, String body) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be >= 1");
        }
        long target = state.requestSeq.get() + nth;
        state.faults.bySequence(target, target, canned(status, contentType, body));
        return this;
    }

    /**
     * The {@code nth} request from now gets a 200 response announcing the whole of {@code body}, of which only
     * {@code sentBytes} arrive before the connection closes: a network failure in the middle of a page.
     */
    public CloudflareApiSimulator cutRequest(int nth, String body, int sentBytes) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be >= 1");
        }
        long target = state.requestSeq.get() + nth;
        state.faults.bySequence(
                target, target, SimResponse.json(200, body).header(SimResponse.CUT_AFTER, Integer.toString(sentBytes)));
        return this;
    }

    /**
     * From now on about {@code rate} (0 to 1) of all requests fail, spread evenly over the transient failures seen in
     * front of Cloudflare's API: 429 (Retry-After 1 s), 500 and 502 with an HTML body, 503, a connection reset half-way
     * through the body, truncated JSON, and 200 with {@code success:false}. The same seed gives the same sequence.
     */
    public CloudflareApiSimulator injectTransientFaults(double rate, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[] draw = new double[1];
        Object lock = new Object();
        // the first "fault" never applies: it draws the number the others look at, once per request
        state.faults.byPredicate(
                r -> {
                    synchronized (lock) {
                        draw[0] = random.nextDouble() / rate;
                        return false;
                    }
                },
                Integer.MAX_VALUE,
                resetMarker());
        SimResponse[] kinds = {
            canned(429, SimResponse.JSON, Json.v4Error(971, "Please wait and consider throttling your request speed")),
            canned(500, "text/html", "<html><body>500 Internal Server Error</body></html>"),
            canned(502, "text/html", "<html><body>502 Bad Gateway</body></html>"),
            canned(503, SimResponse.JSON, Json.v4Error(10000, "Service temporarily unavailable")),
            resetMarker(),
            canned(200, SimResponse.JSON, "{\"success\":true,\"errors\":[],\"result\":[{\"id\":"),
            canned(
                    200,
                    SimResponse.JSON,
                    "{\"success\":false,\"errors\":[{\"code\":10001,\"message\":\"internal\"}],\"result\":null}"),
        };
        for (int i = 0; i < kinds.length; i++) {
            double from = (double) i / kinds.length;
            double to = (double) (i + 1) / kinds.length;
            state.faults.byPredicate(r -> draw[0] >= from && draw[0] < to, Integer.MAX_VALUE, kinds[i]);
        }
        return this;
    }

    /**
     * The {@code nth} request from now is answered as usual, but only half of the body arrives before the connection
     * is reset (TCP RST): what a crashed load balancer or a broken NAT looks like to the client.
     */
    public CloudflareApiSimulator resetRequest(int nth) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be >= 1");
        }
        long target = state.requestSeq.get() + nth;
        state.faults.bySequence(target, target, resetMarker());
        return this;
    }

    /** The next {@code times} requests matching {@code predicate} are reset half-way through their body. */
    public CloudflareApiSimulator resetWhen(Predicate<RecordedRequest> predicate, int times) {
        state.faults.byPredicate(Objects.requireNonNull(predicate), times, resetMarker());
        return this;
    }

    private static SimResponse resetMarker() {
        return SimResponse.json(200, "").header(SimResponse.RESET_MID_BODY, "");
    }

    /**
     * The next {@code times} requests matching {@code predicate} get this response. The predicate sees the
     * request as recorded (status 0), e.g. {@code r -> r.param("cursor") != null} breaks page 2.
     */
    public CloudflareApiSimulator failWhen(
            Predicate<RecordedRequest> predicate, int times, int status, String contentType, String body) {
        state.faults.byPredicate(Objects.requireNonNull(predicate), times, canned(status, contentType, body));
        return this;
    }

    /** Delay before every answer (for client timeout tests). */
    public CloudflareApiSimulator setResponseDelay(Duration delay) {
        state.responseDelay(delay);
        return this;
    }

    /**
     * The time every answer takes once the request was counted against the rate limit (the API producing the page),
     * unlike {@link #setResponseDelay}, which is spent before the request is counted.
     */
    public CloudflareApiSimulator setPageLatency(Duration latency) {
        state.pageLatency(latency);
        return this;
    }

    /** Enforces a fixed-window limit: requests beyond it get 429 + Retry-After (v4 error code 971). */
    public CloudflareApiSimulator setRateLimit(int requests, Duration window) {
        state.rateLimiter.configure(requests, window);
        return this;
    }

    /**
     * Enforces a fixed-window limit on the requests carrying {@code Authorization: Bearer <token>}, apart from every
     * other token's (Cloudflare limits each token separately): beyond it they get 429 + Retry-After.
     */
    public CloudflareApiSimulator setRateLimit(String token, int requests, Duration window) {
        RateLimiter limiter = new RateLimiter();
        limiter.configure(requests, window);
        state.tokenRateLimiters.put(Objects.requireNonNull(token), limiter);
        return this;
    }

    /** Resets every switch and fault (paging quirks, failures, delay, rate limit); keeps data, auth and log. */
    public CloudflareApiSimulator reset() {
        state.resetSwitches();
        return this;
    }

    // ---- request log ----------------------------------------------------------------------------------------

    /** Snapshot of the requests received so far, in completion order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(state.requests);
    }

    public CloudflareApiSimulator clearRequests() {
        state.requests.clear();
        return this;
    }

    private static SimResponse canned(int status, String contentType, String body) {
        SimResponse r = SimResponse.of(status, contentType, body);
        return status == 429 ? r.header("Retry-After", "1") : r;
    }
}
