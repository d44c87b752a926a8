package io.github.cfaudit.formats;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict LEEF 2.0 parser written from IBM's LEEF specification (no LEEF parser library is available here):
 * {@code LEEF:2.0|Vendor|Product|Version|EventID|DelimiterCharacter|attributes}, the delimiter one character or its
 * hex code ({@code x09}, {@code 0x09}); attributes {@code key=value} separated by the delimiter, the key up to the
 * first {@code =}. LEEF has no escapes, so a header field cannot hold {@code |}; a record is one line. Duplicate keys,
 * empty keys, control characters and raw line breaks are errors.
 */
final class LeefParser {
    record Parsed(List<String> header, Map<String, String> attributes) {}

    static final class LeefSyntaxException extends RuntimeException {
        LeefSyntaxException(String message) {
            super(message);
        }
    }

    private LeefParser() {}

    static Parsed parse(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new LeefSyntaxException("control character U+" + Integer.toHexString(c) + " at " + i);
            }
        }
        String[] parts = line.split("\\|", 7);
        if (parts.length != 7 || !parts[0].equals("LEEF:2.0")) {
            throw new LeefSyntaxException("not a LEEF 2.0 header: " + line.substring(0, Math.min(80, line.length())));
        }
        char delimiter = delimiter(parts[5]);
        Map<String, String> attrs = new LinkedHashMap<>();
        String body = parts[6];
        if (!body.isEmpty()) {
            for (String attr : body.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
                int eq = attr.indexOf('=');
                if (eq <= 0) {
                    throw new LeefSyntaxException("attribute without a key: '" + attr + "'");
                }
                String key = attr.substring(0, eq);
                if (!key.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                    throw new LeefSyntaxException("key '" + key + "'");
                }
                if (attrs.put(key, attr.substring(eq + 1)) != null) {
                    throw new LeefSyntaxException("key " + key + " twice");
                }
            }
        }
        for (String h : Arrays.asList(parts).subList(1, 6)) {
            if (h.isEmpty()) {
                throw new LeefSyntaxException("empty header field");
            }
        }
        if (delimiter != '\t' && body.indexOf('\t') >= 0) {
            throw new LeefSyntaxException("tab in an attribute");
        }
        return new Parsed(Arrays.asList(parts).subList(1, 6), attrs);
    }

    private static char delimiter(String d) {
        if (d.length() == 1) {
            return d.charAt(0);
        }
        String hex = d.startsWith("0x") ? d.substring(2) : d.startsWith("x") ? d.substring(1) : null;
        if (hex == null || hex.isEmpty() || hex.length() > 4) {
            throw new LeefSyntaxException("delimiter '" + d + "'");
        }
        return (char) Integer.parseInt(hex, 16);
    }
}
