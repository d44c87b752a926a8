package io.github.cfaudit.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the Cloudflare entry id back from one written record, so that a sink can tell which entries a file already
 * holds (the file sink's no-duplicate tail check): {@code cloudflare} the top-level {@code id}, {@code ocsf}
 * {@code metadata.uid}, {@code ecs} {@code event.id}, {@code cef} and {@code leef} the {@code externalId} key. A line
 * that is not a record of the codec has no id.
 *
 * <p>A record cannot carry every character an id might hold (CEF and LEEF make control characters a space, every
 * format makes a lone surrogate U+FFFD), so ids are compared in their {@link #canonical} form.
 */
public final class RecordIds {
    private static final JsonFactory JSON = new JsonFactory();

    /** Reads the id of {@code line[from, to)}, or null. */
    @FunctionalInterface
    public interface Reader {
        String read(byte[] line, int from, int to);
    }

    private static final Reader CLOUDFLARE = (line, from, to) -> jsonText(line, from, to, null, "id");
    private static final Reader OCSF = (line, from, to) -> jsonText(line, from, to, "metadata", "uid");
    private static final Reader ECS = (line, from, to) -> jsonText(line, from, to, "event", "id");
    private static final Reader CEF = RecordIds::cefExternalId;
    private static final Reader LEEF = RecordIds::leefExternalId;

    private RecordIds() {}

    /** The reader of a codec's records. */
    public static Reader reader(String codec) {
        return switch (codec) {
            case "ocsf" -> OCSF;
            case "ecs" -> ECS;
            case "cef" -> CEF;
            case "leef" -> LEEF;
            default -> CLOUDFLARE;
        };
    }

    /**
     * The id as every codec's record gives it back: control characters (C0, C1, DEL, U+2028, U+2029), lone
     * surrogates and U+FFFD become a space; the same instance when there are none (any real Cloudflare id).
     */
    public static String canonical(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (odd(id, i)) {
                StringBuilder sb = new StringBuilder(id.length()).append(id, 0, i);
                for (int j = i; j < id.length(); j++) {
                    char c = id.charAt(j);
                    if (Character.isHighSurrogate(c)
                            && j + 1 < id.length()
                            && Character.isLowSurrogate(id.charAt(j + 1))) {
                        sb.append(c).append(id.charAt(++j));
                    } else {
                        sb.append(odd(id, j) ? ' ' : c);
                    }
                }
                return sb.toString();
            }
            if (Character.isHighSurrogate(id.charAt(i))) {
                i++;
            }
        }
        return id;
    }

    /** A character at {@code i} that some record changes (a surrogate here is checked for its pair). */
    private static boolean odd(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return !(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
        }
        return Character.isLowSurrogate(c)
                || c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028'
                || c == '\u2029'
                || c == '\uFFFD';
    }

    /** The string {@code field} of the top-level object (or of its object {@code parent}), canonical. */
    private static String jsonText(byte[] line, int from, int to, String parent, String field) {
        try (JsonParser p = JSON.createParser(line, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            if (parent != null) {
                if (!enter(p, parent)) {
                    return null;
                }
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name)) {
                    return value == JsonToken.VALUE_STRING ? canonicalJson(p.getText(), parent) : null;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // not a JSON line: no id
        }
        return null;
    }

    /** The verbatim entry's id is compared as the page parser read it; a rendered record's in canonical form. */
    private static String canonicalJson(String id, String parent) {
        return parent == null ? id : canonical(id);
    }

    /** Moves the parser into the object value of the top-level {@code name}; false when there is none. */
    private static boolean enter(JsonParser p, String name) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals(n)) {
                return value == JsonToken.START_OBJECT;
            }
            p.skipChildren();
        }
        return false;
    }

    /**
     * {@code externalId} of a CEF line: after the seven header fields (where {@code \} escapes the next character),
     * the extension's keys end at an unescaped {@code =} (a value's {@code =} is always escaped) and begin after the
     * space before it.
     */
    static String cefExternalId(byte[] line, int from, int to) {
        String s = new String(line, from, to - from, StandardCharsets.UTF_8);
        if (!s.startsWith("CEF:")) {
            return null;
        }
        int pipes = 0;
        int i = 0;
        for (; i < s.length() && pipes < 7; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                pipes++;
            }
        }
        if (pipes < 7) {
            return null;
        }
        int extension = i;
        int lastSpace = extension - 1;
        int valueStart = -1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ' ') {
                lastSpace = i;
            } else if (c == '=') {
                if (valueStart >= 0) {
                    return canonical(cefUnescape(s.substring(valueStart, Math.max(valueStart, lastSpace))));
                }
                if (s.substring(lastSpace + 1, i).equals("externalId")) {
                    valueStart = i + 1;
                }
            }
        }
        return valueStart >= 0 ? canonical(cefUnescape(s.substring(valueStart))) : null;
    }

    private static String cefUnescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(
                        switch (n) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code externalId} of a LEEF 2.0 line: attributes are separated by tabs, which no value holds. */
    static String leefExternalId(byte[] line, int from, int to) {
        String s = new String(line, from, to - from, StandardCharsets.UTF_8);
        if (!s.startsWith("LEEF:")) {
            return null;
        }
        String key = "\texternalId=";
        int at = s.indexOf(key);
        if (at < 0) {
            return null;
        }
        int start = at + key.length();
        int end = s.indexOf('\t', start);
        return canonical(end < 0 ? s.substring(start) : s.substring(start, end));
    }
}
