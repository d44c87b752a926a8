package io.github.cfaudit.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Strict reading of decoded query parameters; every violation is a 400. */
final class Params {

    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,9}");

    private final Map<String, List<String>> values;

    Params(Map<String, List<String>> values) {
        this.values = values;
    }

    Map<String, List<String>> all() {
        return values;
    }

    void requireKnown(Set<String> allowed) {
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiError.badRequest("unknown query parameter '" + name + "'");
            }
        }
    }

    /** A parameter that may appear at most once; {@code null} when absent. */
    String single(String name) {
        List<String> v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.size() > 1) {
            throw ApiError.badRequest("query parameter '" + name + "' must not be repeated");
        }
        return v.get(0);
    }

    String oneOf(String name, Set<String> allowed, String dflt) {
        String v = single(name);
        if (v == null) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            throw ApiError.badRequest("invalid value '" + v + "' for '" + name + "', expected one of " + allowed);
        }
        return v;
    }

    int intInRange(String name, int min, int max, int dflt) {
        String v = single(name);
        if (v == null) {
            return dflt;
        }
        if (!INTEGER.matcher(v).matches()) {
            throw ApiError.badRequest("invalid value '" + v + "' for '" + name + "', expected an integer");
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw ApiError.badRequest("'" + name + "' must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** RFC 3339 timestamp, or (when {@code allowDate}) a {@code YYYY-MM-DD} UTC date. */
    Instant time(String name, boolean required, boolean allowDate) {
        String v = single(name);
        if (v == null) {
            if (required) {
                throw ApiError.badRequest("missing required query parameter '" + name + "'");
            }
            return null;
        }
        try {
            if (allowDate && DATE_ONLY.matcher(v).matches()) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("invalid value '" + v + "' for '" + name + "', expected "
                    + (allowDate ? "YYYY-MM-DD or " : "") + "an RFC 3339 timestamp");
        }
    }
}
