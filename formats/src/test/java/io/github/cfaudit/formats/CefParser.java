package io.github.cfaudit.formats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict CEF parser written from the ArcSight Common Event Format Implementation Standard (no CEF parser library
 * is available here): {@code CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|
 * Severity|Extension}. Header fields: {@code \|} and {@code \\} are the only escapes, an unescaped {@code |} ends a
 * field. Extension: space-separated {@code key=value}; keys are the standard dictionary keys (the subset below) or
 * their labels; in values {@code \\}, {@code \=}, {@code \n} and {@code \r} are the only escapes and an unescaped
 * {@code =} is not allowed, so a value ends at the space before the next {@code key=}. A record is one line: a raw
 * line break anywhere is an error, as is any other deviation (rather than a best guess).
 */
final class CefParser {
    /** The CEF dictionary keys the records may use (from the standard's key list). */
    static final Set<String> KEYS = Set.of(
            "act",
            "app",
            "cat",
            "cnt",
            "dhost",
            "dst",
            "dpt",
            "duser",
            "duid",
            "dvc",
            "dvchost",
            "end",
            "externalId",
            "fname",
            "msg",
            "outcome",
            "proto",
            "request",
            "requestClientApplication",
            "requestMethod",
            "requestContext",
            "rt",
            "shost",
            "src",
            "spt",
            "start",
            "suser",
            "suid",
            "spriv",
            "cs1",
            "cs2",
            "cs3",
            "cs4",
            "cs5",
            "cs6",
            "cs1Label",
            "cs2Label",
            "cs3Label",
            "cs4Label",
            "cs5Label",
            "cs6Label",
            "cn1",
            "cn2",
            "cn3",
            "cn1Label",
            "cn2Label",
            "cn3Label",
            "c6a1",
            "c6a2",
            "c6a3",
            "c6a4",
            "c6a1Label",
            "c6a2Label",
            "c6a3Label",
            "c6a4Label",
            "flexString1",
            "flexString2",
            "flexString1Label",
            "flexString2Label",
            "deviceExternalId",
            "deviceProcessName");

    record Parsed(List<String> header, Map<String, String> extension) {}

    static final class CefSyntaxException extends RuntimeException {
        CefSyntaxException(String message) {
            super(message);
        }
    }

    private CefParser() {}

    static Parsed parse(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new CefSyntaxException("a raw line break in the record");
        }
        if (!line.startsWith("CEF:")) {
            throw new CefSyntaxException("does not start with CEF:");
        }
        List<String> header = new ArrayList<>();
        int i = 4;
        StringBuilder field = new StringBuilder();
        while (header.size() < 7) {
            if (i >= line.length()) {
                throw new CefSyntaxException("header ends after " + header.size() + " fields");
            }
            char c = line.charAt(i++);
            if (c == '\\') {
                if (i >= line.length()) {
                    throw new CefSyntaxException("dangling backslash in the header");
                }
                char n = line.charAt(i++);
                if (n != '\\' && n != '|') {
                    throw new CefSyntaxException("\\" + n + " is not a header escape");
                }
                field.append(n);
            } else if (c == '|') {
                header.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (!header.get(0).equals("0")) {
            throw new CefSyntaxException("CEF version " + header.get(0));
        }
        int severity;
        try {
            severity = Integer.parseInt(header.get(6));
        } catch (NumberFormatException e) {
            throw new CefSyntaxException("severity " + header.get(6) + " is not 0-10");
        }
        if (severity < 0 || severity > 10) {
            throw new CefSyntaxException("severity " + severity + " is not 0-10");
        }
        return new Parsed(header.subList(1, 7), extension(line.substring(i)));
    }

    private static Map<String, String> extension(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int pos = 0;
        while (pos < s.length()) {
            int eq = s.indexOf('=', pos);
            if (eq <= pos) {
                throw new CefSyntaxException("no key at " + pos + ": " + s.substring(pos));
            }
            String key = s.substring(pos, eq);
            if (!key.chars().allMatch(Character::isLetterOrDigit)) {
                throw new CefSyntaxException("key '" + key + "' is not alphanumeric");
            }
            if (!KEYS.contains(key)) {
                throw new CefSyntaxException("key '" + key + "' is not a CEF dictionary key");
            }
            int start = eq + 1;
            int next = nextUnescapedEquals(s, start);
            int end;
            if (next < 0) {
                end = s.length();
            } else {
                int k = next;
                while (k > start && Character.isLetterOrDigit(s.charAt(k - 1))) {
                    k--;
                }
                if (k == next || k == start || s.charAt(k - 1) != ' ') {
                    throw new CefSyntaxException("unescaped = in the value of " + key);
                }
                end = k - 1;
            }
            if (out.put(key, unescape(s.substring(start, end), key)) != null) {
                throw new CefSyntaxException("key " + key + " twice");
            }
            pos = next < 0 ? s.length() : end + 1;
        }
        return out;
    }

    private static int nextUnescapedEquals(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String v, String key) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= v.length()) {
                throw new CefSyntaxException("dangling backslash in " + key);
            }
            char n = v.charAt(i);
            switch (n) {
                case '\\' -> sb.append('\\');
                case '=' -> sb.append('=');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new CefSyntaxException("\\" + n + " is not an extension escape (in " + key + ")");
            }
        }
        return sb.toString();
    }
}
