package io.github.cfaudit.cloudflare;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one response of an audit-log endpoint. It streams through the envelope, keeps each entry's exact JSON text
 * (a slice of the body) next to its parsed fields, and applies the paging rule of the API: the next cursor is
 * {@code result_info.cursor}, else {@code result_info.cursors.after}; a page-numbered endpoint's
 * {@code result_info.total_pages} is kept for the paging rule.
 */
public final class PageParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int BODY_HINT_CHARS = 200;

    private final EndpointFamily family;
    private final FieldCapture capture;

    public PageParser(EndpointFamily family) {
        this(family, null);
    }

    /** A parser that also captures, in the same pass, the entry fields {@code capture} names (null: none). */
    public PageParser(EndpointFamily family, FieldCapture capture) {
        this.family = family;
        this.capture = capture;
    }

    /**
     * @param status  the HTTP status
     * @param body    the response body, possibly empty
     * @param request a description of the request for messages, e.g. {@code GET /accounts/x/logs/audit}
     */
    public AuditPage parse(int status, byte[] body, String request) {
        Envelope envelope;
        try {
            envelope = readEnvelope(body);
        } catch (IOException | RuntimeException e) {
            if (status < 200 || status >= 300) {
                throw new CloudflareApiException(status, request, List.of(), bodyHint(body));
            }
            throw new MalformedPageException("Malformed page from " + request + ": " + shortReason(e), e);
        }
        if (status < 200 || status >= 300 || Boolean.FALSE.equals(envelope.success)) {
            throw new CloudflareApiException(status, request, envelope.errors, bodyHint(body));
        }
        if (envelope.success == null) {
            throw new MalformedPageException("Malformed page from " + request + ": no \"success\" field");
        }
        if (envelope.entries == null) {
            throw new MalformedPageException("Malformed page from " + request + ": "
                    + (envelope.resultPresent ? "\"result\" is not an array" : "no \"result\" array"));
        }
        String cursor = envelope.cursor != null && !envelope.cursor.isEmpty() ? envelope.cursor : envelope.cursorsAfter;
        return new AuditPage(
                envelope.entries,
                cursor == null || cursor.isEmpty() ? null : cursor,
                envelope.skipped,
                family.pageNumbered() ? envelope.totalPages : null);
    }

    private Envelope readEnvelope(byte[] body) throws IOException {
        Envelope env = new Envelope();
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseProblem("the body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "success" ->
                        env.success = value == JsonToken.VALUE_TRUE
                                ? Boolean.TRUE
                                : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                    case "result" -> {
                        env.resultPresent = true;
                        if (value == JsonToken.START_ARRAY) {
                            readEntries(p, body, env);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "result_info" -> readResultInfo(p, env);
                    case "errors" -> readErrors(p, env);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new JsonParseProblem("unexpected content after the JSON object");
            }
        }
        return env;
    }

    private void readEntries(JsonParser p, byte[] body, Envelope env) throws IOException {
        env.entries = new ArrayList<>();
        int index = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonParseProblem("the result array is not closed");
            }
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                env.skipped.add("result[" + index++ + "] is not an object");
                continue;
            }
            JsonLocation startAt = p.currentTokenLocation();
            int start = (int) startAt.getByteOffset();
            int startLine = startAt.getLineNr();
            String id = null;
            String rawTime = null;
            boolean idPresent = false;
            Object[] captured = capture == null ? null : new Object[capture.size()];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                FieldCapture.Node wanted = captured == null ? null : capture.top(field);
                if ("id".equals(field)) {
                    idPresent = true;
                    id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    if (wanted != null) {
                        FieldCapture.read(p, value, wanted, captured);
                    }
                } else if (family.timeParent() == null && family.timeField().equals(field)) {
                    rawTime = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    if (wanted != null) {
                        FieldCapture.read(p, value, wanted, captured);
                    }
                } else if (family.timeParent() != null
                        && family.timeParent().equals(field)
                        && value == JsonToken.START_OBJECT) {
                    if (wanted != null) {
                        FieldCapture.startObject(wanted, captured);
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken innerValue = p.nextToken();
                        FieldCapture.Node innerWanted = wanted == null ? null : wanted.child(inner);
                        if (family.timeField().equals(inner) && innerValue == JsonToken.VALUE_STRING) {
                            rawTime = p.getText();
                        }
                        if (innerWanted != null) {
                            FieldCapture.read(p, innerValue, innerWanted, captured);
                        } else if (!innerValue.isScalarValue()) {
                            p.skipChildren();
                        }
                    }
                } else if (wanted != null) {
                    FieldCapture.read(p, value, wanted, captured);
                } else {
                    p.skipChildren();
                }
            }
            JsonLocation endAt = p.currentLocation();
            int end = (int) endAt.getByteOffset();
            // The parser counts line breaks between tokens (a JSON string cannot hold a raw one): an entry that ends
            // on the line it started on is one NDJSON line as sent, and is used without a copy.
            boolean oneLine = endAt.getLineNr() == startLine;
            Instant time = EventTimes.parse(rawTime);
            if (id == null || id.isEmpty()) {
                env.skipped.add("result[" + index + "] has no " + (idPresent ? "non-empty string " : "") + "\"id\"");
            } else if (time == null) {
                env.skipped.add("entry " + id + " has no valid " + family.timePath());
            } else {
                AuditEntry entry = oneLine
                        ? new AuditEntry(id, time, body, start, end - start)
                        : new AuditEntry(id, time, compact(body, start, end));
                env.entries.add(captured == null ? entry : entry.withCaptured(captured));
            }
            index++;
        }
    }

    private static void readResultInfo(JsonParser p, Envelope env) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("cursor".equals(field) && value == JsonToken.VALUE_STRING) {
                env.cursor = p.getText();
            } else if ("total_pages".equals(field) && value.isScalarValue()) {
                env.totalPages = wholeNumber(p, value);
            } else if ("cursors".equals(field) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_STRING && "after".equals(name)) {
                        env.cursorsAfter = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /** A count as an integer, or as a string holding one (read defensively); null for anything else. */
    private static Integer wholeNumber(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue() < 0 ? null : p.getIntValue();
        }
        if (value == JsonToken.VALUE_STRING && p.getText().matches("[0-9]{1,9}")) {
            return Integer.parseInt(p.getText());
        }
        return null;
    }

    private static void readErrors(JsonParser p, Envelope env) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        for (Object e : p.readValueAs(List.class)) {
            if (e instanceof Map<?, ?> m) {
                Object message = m.get("message");
                Object code = m.get("code");
                String text = message == null ? String.valueOf(m) : message.toString();
                env.errors.add(code == null ? text : text + " (code " + code + ")");
            } else if (e != null) {
                env.errors.add(e.toString());
            }
        }
    }

    /**
     * The entry's bytes with whitespace outside strings removed, so a pretty-printed response still gives one
     * NDJSON line. A compact response is returned unchanged.
     */
    static byte[] compact(byte[] body, int start, int end) {
        byte[] out = null;
        int n = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < end; i++) {
            byte b = body[i];
            boolean drop = false;
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else {
                drop = b == ' ' || b == '\n' || b == '\r' || b == '\t';
            }
            if (drop && out == null) {
                // the first whitespace between tokens: from here on, copy what is kept
                out = new byte[end - start];
                n = i - start;
                System.arraycopy(body, start, out, 0, n);
            } else if (!drop && out != null) {
                out[n++] = b;
            }
        }
        return out == null ? java.util.Arrays.copyOfRange(body, start, end) : java.util.Arrays.copyOf(out, n);
    }

    private static String bodyHint(byte[] body) {
        if (body == null || body.length == 0) {
            return "empty body";
        }
        String text = new String(body, 0, Math.min(body.length, BODY_HINT_CHARS * 4), StandardCharsets.UTF_8)
                .replaceAll("<[^>]*>", " ")
                .replaceAll("[\\p{Cntrl}\\s]+", " ")
                .trim();
        return text.length() > BODY_HINT_CHARS ? text.substring(0, BODY_HINT_CHARS) + "..." : text;
    }

    private static String shortReason(Exception e) {
        if (e instanceof JsonProcessingException jpe) {
            return jpe.getOriginalMessage();
        }
        return e.getMessage();
    }

    private static final class Envelope {
        Boolean success;
        boolean resultPresent;
        List<AuditEntry> entries;
        String cursor;
        String cursorsAfter;
        Integer totalPages;
        final List<String> errors = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
    }

    private static final class JsonParseProblem extends IOException {
        JsonParseProblem(String message) {
            super(message);
        }
    }
}
