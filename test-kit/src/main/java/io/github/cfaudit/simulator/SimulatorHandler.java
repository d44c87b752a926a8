package io.github.cfaudit.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Order of checks: injected fault, rate limit (429), route (404), method (405), auth (403), endpoint (400/200).
 * Every response carries the Ratelimit headers; every request is recorded before the answer is written.
 */
final class SimulatorHandler implements HttpHandler {

    private final SimulatorState state;

    SimulatorHandler(SimulatorState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            long seq = state.requestSeq.incrementAndGet();
            RecordedRequest request = record(exchange);
            if (!sleep(state.responseDelay())) {
                return;
            }
            RateLimiter.Decision rate = Credentials.bearerToken(request.headers())
                    .map(state.tokenRateLimiters::get)
                    .orElse(state.rateLimiter)
                    .acquire();
            // the time the API takes to produce an answer, after the request was counted (as Cloudflare counts it)
            if (!sleep(state.pageLatency())) {
                return;
            }
            SimResponse response = respond(exchange, seq, request, rate)
                    .header("Ratelimit", rate.ratelimitHeader())
                    .header("Ratelimit-Policy", rate.policyHeader());
            state.requests.add(request.withResponse(response.status(), response.headers()));
            write(exchange, response);
        } finally {
            exchange.close();
        }
    }

    private SimResponse respond(HttpExchange exchange, long seq, RecordedRequest request, RateLimiter.Decision rate) {
        Optional<SimResponse> fault = state.faults.match(seq, request);
        if (fault.isPresent() && !fault.get().headers().containsKey(SimResponse.RESET_MID_BODY)) {
            return fault.get();
        }
        SimResponse answer = answer(exchange, request, rate);
        // a reset fault breaks the real answer: half of it arrives, then the connection is reset
        return fault.isPresent() && answer.body().length > 1 ? answer.header(SimResponse.RESET_MID_BODY, "") : answer;
    }

    private SimResponse answer(HttpExchange exchange, RecordedRequest request, RateLimiter.Decision rate) {
        if (rate.limited()) {
            return SimResponse.json(429, Json.v4Error(971, "Please wait and consider throttling your request speed"))
                    .header("Retry-After", Long.toString(rate.resetSeconds()));
        }
        Optional<Route> route = Route.match(exchange.getRequestURI().getRawPath());
        if (route.isEmpty()) {
            return SimResponse.json(404, Json.v4Error(7003, "No route for the URI"));
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            return SimResponse.json(405, Json.v4Error(7001, "Method not allowed for this endpoint"))
                    .header("Allow", "GET");
        }
        Route r = route.get();
        if (r.kind() == Route.Kind.TOKEN_VERIFY || r.kind() == Route.Kind.ACCOUNT_TOKEN_VERIFY) {
            return verifyToken(request, r.scopeId());
        }
        if (!state.credentials.accepts(request.headers(), r.scopeKind(), r.scopeId())) {
            return SimResponse.json(403, Json.v4Error(10000, "Authentication error"));
        }
        try {
            return dispatch(r, exchange.getRequestURI().getRawQuery(), request);
        } catch (ApiError e) {
            String body = r.v2() ? Json.v2Error(e.getMessage()) : Json.v4Error(e.code(), e.getMessage());
            return SimResponse.json(e.status(), body);
        } catch (RuntimeException e) {
            return SimResponse.json(500, Json.v4Error(10001, "simulator error: " + e));
        }
    }

    /**
     * {@code GET /user/tokens/verify} ({@code accountId} null) and {@code GET /accounts/<accountId>/tokens/verify}: 200
     * with the token's status for a token verified there (user tokens at the first, an account's own tokens at the
     * second), else 401 {@code Invalid API Token}, as Cloudflare answers an account-owned token at the user endpoint.
     */
    private SimResponse verifyToken(RecordedRequest request, String accountId) {
        Optional<String> status = state.credentials.verify(request.headers(), accountId);
        if (status.isEmpty()) {
            return SimResponse.json(401, Json.v4Error(1000, "Invalid API Token"));
        }
        String id = Integer.toHexString(
                Credentials.bearerToken(request.headers()).orElseThrow().hashCode());
        String message = status.get().equals(Credentials.ACTIVE)
                ? "This API Token is valid and active"
                : "This API Token is " + status.get();
        return SimResponse.json(
                200,
                "{\"success\":true,\"errors\":[],\"messages\":[{\"code\":10000,\"message\":"
                        + Json.quote(message) + "}],\"result\":{\"id\":" + Json.quote(id) + ",\"status\":"
                        + Json.quote(status.get()) + "}}");
    }

    private SimResponse dispatch(Route r, String rawQuery, RecordedRequest request) {
        Map<String, List<String>> params = QueryString.parse(rawQuery);
        String path = Route.PREFIX + r.scopeKind() + "/" + r.scopeId() + "/" + r.kind()
                + (r.issueId() == null ? "" : "/" + r.issueId());
        PagingSwitches sw = state.paging();
        return switch (r.kind()) {
            case ORG_AUDIT -> AuditLogEndpoint.handle(true, path, params, state.store, r.scopeId(), sw);
            case ACCOUNT_AUDIT -> AuditLogEndpoint.handle(false, path, params, state.store, r.scopeId(), sw);
            case INSIGHT_AUDIT ->
                InsightAuditLogEndpoint.handle(path, params, state.store, r.scopeKind(), r.scopeId(), r.issueId(), sw);
            case ACCOUNT_AUDIT_V1 ->
                AuditLogV1Endpoint.handle(
                        params, state.store.scope(EntryStore.v1AccountScope(r.scopeId())), r.scopeId(), sw);
            case USER_AUDIT_V1 ->
                AuditLogV1Endpoint.handle(
                        params,
                        state.store.scope(EntryStore.v1UserScope(Credentials.user(request.headers()))),
                        null,
                        sw);
            case TOKEN_VERIFY, ACCOUNT_TOKEN_VERIFY -> throw new IllegalStateException("answered before dispatch");
        };
    }

    private static RecordedRequest record(HttpExchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(h.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new RecordedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                rawQuery,
                QueryString.parseLenient(rawQuery),
                Collections.unmodifiableMap(headers),
                0,
                Instant.now(),
                Map.of());
    }

    private static boolean sleep(Duration delay) {
        if (delay.isZero()) {
            return true;
        }
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void write(HttpExchange exchange, SimResponse response) throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (response.contentType() != null) {
            out.set("Content-Type", response.contentType());
        }
        out.set("CF-Ray", UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "-SIM");
        response.headers().forEach(out::set);
        String cut = out.getFirst(SimResponse.CUT_AFTER);
        out.remove(SimResponse.CUT_AFTER);
        boolean reset = out.containsKey(SimResponse.RESET_MID_BODY);
        out.remove(SimResponse.RESET_MID_BODY);
        byte[] body = response.body();
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            OutputStream os = exchange.getResponseBody();
            if (reset) {
                os.write(body, 0, body.length / 2);
                os.flush();
                ConnectionReset.reset(exchange);
                throw new IOException(
                        "simulated: connection reset after " + body.length / 2 + " of " + body.length + " bytes");
            }
            if (cut != null) {
                // a network failure mid-body: part of the announced length, then the connection closes
                os.write(body, 0, Math.min(body.length, Integer.parseInt(cut)));
                os.flush();
                throw new IOException("simulated: connection closed after " + cut + " of " + body.length + " bytes");
            }
            try (os) {
                os.write(body);
            }
        }
    }
}
