package io.github.cfaudit.source;

import io.github.cfaudit.config.SourceConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The query string of one page request. Every original parameter is sent again with the cursor, because the API
 * expects the whole query on each page; filters become repeated keys ({@code action_type.not=view&action_type.not=update}).
 * A page-numbered endpoint (audit logs v1) gets {@code page=<n>} instead of the cursor, after the same since, before,
 * direction, page size and filters on every page of a run, so that entries arriving meanwhile do not shift the pages.
 */
final class PageQuery {
    private PageQuery() {}

    /** {@code cursor}: the cursor, or for a page-numbered endpoint the page number; null for the first page. */
    static String of(SourceConfig source, Window window, String cursor) {
        var family = source.endpoint().family();
        StringBuilder q = new StringBuilder();
        append(q, "since", window.since().toString());
        append(q, "before", window.before().toString());
        append(q, family.orderParameter(), "asc");
        append(q, family.pageSizeParameter(), Integer.toString(source.pageSize()));
        for (Map.Entry<String, List<String>> filter : source.filters().entrySet()) {
            for (String value : filter.getValue()) {
                append(q, filter.getKey(), value);
            }
        }
        if (family.pageNumbered()) {
            append(q, "page", cursor == null ? "1" : cursor);
        } else if (cursor != null) {
            append(q, "cursor", cursor);
        }
        return q.toString();
    }

    private static void append(StringBuilder q, String key, String value) {
        if (q.length() > 0) {
            q.append('&');
        }
        q.append(encode(key)).append('=').append(encode(value));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
