package io.github.cfaudit.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Form-style query decoding ('+' is a space, as in Go's url.ParseQuery), keeping key order and repeats. */
final class QueryString {

    private QueryString() {}

    /** Strict decoding: malformed percent-escapes raise {@link ApiError} (400). */
    static Map<String, List<String>> parse(String rawQuery) {
        return decode(rawQuery, true);
    }

    /** Lenient decoding for the request log: malformed pieces are kept as sent. */
    static Map<String, List<String>> parseLenient(String rawQuery) {
        return decode(rawQuery, false);
    }

    private static Map<String, List<String>> decode(String rawQuery, boolean strict) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.computeIfAbsent(decodePart(key, strict), k -> new ArrayList<>())
                    .add(decodePart(value, strict));
        }
        params.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(params);
    }

    private static String decodePart(String s, boolean strict) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            if (strict) {
                throw ApiError.badRequest("malformed query string near '" + s + "'");
            }
            return s;
        }
    }
}
