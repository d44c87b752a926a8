package io.github.cfaudit.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as the simulator received it.
 *
 * @param method      HTTP method
 * @param path        decoded path, e.g. {@code /client/v4/accounts/abc/logs/audit}
 * @param rawQuery    raw (still encoded) query string, or {@code null}
 * @param queryParams decoded query parameters in arrival order (repeated keys keep every value)
 * @param headers     request headers with lower-cased names
 * @param status      HTTP status the simulator answered with
 * @param receivedAt  when the request arrived
 * @param responseHeaders the headers of the answer, as the simulator set them (e.g. {@code Retry-After})
 */
public record RecordedRequest(
        String method,
        String path,
        String rawQuery,
        Map<String, List<String>> queryParams,
        Map<String, List<String>> headers,
        int status,
        Instant receivedAt,
        Map<String, String> responseHeaders) {

    /** First value of a query parameter, or {@code null}. */
    public String param(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a query parameter (empty if absent). */
    public List<String> params(String name) {
        return queryParams.getOrDefault(name, List.of());
    }

    /** First value of a header (name matched case-insensitively), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A header of the answer, by its exact name, or {@code null}. */
    public String responseHeader(String name) {
        return responseHeaders.get(name);
    }

    RecordedRequest withResponse(int newStatus, Map<String, String> newResponseHeaders) {
        return new RecordedRequest(
                method, path, rawQuery, queryParams, headers, newStatus, receivedAt, Map.copyOf(newResponseHeaders));
    }
}
