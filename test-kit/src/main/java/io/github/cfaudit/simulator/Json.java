package io.github.cfaudit.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** Envelope builders. Entry bodies are concatenated as given, never re-serialised. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    static String v4Error(int code, String message) {
        return "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":" + quote(message)
                + "}],\"messages\":[],\"result\":null}";
    }

    static String v2Error(String message) {
        return "{\"success\":false,\"errors\":[{\"message\":" + quote(message) + "}],\"result\":null}";
    }

    static String v2Success(List<String> rawEntries, String cursor, CursorPlacement placement) {
        StringBuilder sb = new StringBuilder(64 + rawEntries.size() * 512);
        sb.append("{\"success\":true,\"errors\":[],\"result\":");
        appendArray(sb, rawEntries);
        sb.append(",\"result_info\":{\"count\":").append(quote(Integer.toString(rawEntries.size())));
        if (cursor != null) {
            if (placement != CursorPlacement.CURSORS_AFTER) {
                sb.append(",\"cursor\":").append(quote(cursor));
            }
            if (placement != CursorPlacement.CURSOR) {
                sb.append(",\"cursors\":{\"after\":").append(quote(cursor)).append('}');
            }
        }
        return sb.append("}}").toString();
    }

    static String insightSuccess(List<String> rawEntries, String cursor, int perPage) {
        StringBuilder sb = new StringBuilder(96 + rawEntries.size() * 256);
        sb.append("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":");
        appendArray(sb, rawEntries);
        sb.append(",\"result_info\":{\"count\":").append(rawEntries.size());
        if (cursor != null) {
            sb.append(",\"cursor\":").append(quote(cursor));
        }
        return sb.append(",\"per_page\":").append(perPage).append("}}").toString();
    }

    /**
     * A v1 page in the v4 envelope; {@code result_info} with page, per_page and count, and, when {@code totals}, the
     * total_count and total_pages.
     */
    static String v1Success(
            List<String> rawEntries, int page, int perPage, int totalCount, int totalPages, boolean totals) {
        StringBuilder sb = new StringBuilder(128 + rawEntries.size() * 512);
        sb.append("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":");
        appendArray(sb, rawEntries);
        sb.append(",\"result_info\":{\"page\":").append(page);
        sb.append(",\"per_page\":").append(perPage);
        sb.append(",\"count\":").append(rawEntries.size());
        if (totals) {
            sb.append(",\"total_count\":").append(totalCount);
            sb.append(",\"total_pages\":").append(totalPages);
        }
        return sb.append("}}").toString();
    }

    private static void appendArray(StringBuilder sb, List<String> rawEntries) {
        sb.append('[');
        for (int i = 0; i < rawEntries.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(rawEntries.get(i));
        }
        sb.append(']');
    }
}
