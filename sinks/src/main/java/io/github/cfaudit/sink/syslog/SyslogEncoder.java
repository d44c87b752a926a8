package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.formats.CefFormat;
import io.github.cfaudit.formats.LeefFormat;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Format;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Oversize;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one entry into one syslog message (without framing).
 *
 * <p>RFC 5424: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID id="…" source="…" result="…"] JSON}.
 * TIMESTAMP is the entry's event time in UTC (microseconds at most, as the RFC allows), PROCID this process's id,
 * MSGID {@code action.type} (or {@code insight-change} for Security Center insight changes). MSG is the entry's JSON
 * on one line, UTF-8 without a BOM: the RFC allows any MSG without one, and a BOM in front of JSON breaks most JSON
 * parsers in SIEMs.
 *
 * <p>RFC 3164: {@code <PRI>Mmm dd hh:mm:ss HOSTNAME APP-NAME[PROCID]: JSON}, with the timestamp in UTC (the format
 * has no zone; the exact time is in the JSON).
 */
final class SyslogEncoder {
    static final String INSIGHT_MSGID = "insight-change";
    private static final DateTimeFormatter RFC3164_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final SyslogSinkSettings settings;
    private final String procId;
    private final RecordCodec codec;

    SyslogEncoder(SyslogSinkSettings settings, long pid) {
        this(settings, pid, RecordCodec.verbatimCodec());
    }

    SyslogEncoder(SyslogSinkSettings settings, long pid, RecordCodec codec) {
        this.settings = settings;
        this.procId = Long.toString(pid);
        this.codec = codec;
    }

    /** The message bytes; throws when it exceeds {@code max-message-size} and cannot or may not be truncated. */
    byte[] encode(AuditEntry entry, SourceConfig source) throws OversizeEntryException {
        if (!codec.verbatim()) {
            return encodeRecord(entry, source);
        }
        String json = entry.json();
        if (SyslogText.hasRawControlCharacter(json)) {
            // Not valid JSON as sent, but a raw LF must never split a message: re-encode it escaped.
            json = JsonTruncator.normalize(json);
        }
        int pri = settings.facility() * 8 + severity(entry);
        byte[] head = header(pri, entry, source, null).getBytes(StandardCharsets.UTF_8);
        byte[] msg = json.getBytes(StandardCharsets.UTF_8);
        if (head.length + msg.length <= settings.maxMessageSize()) {
            return concat(head, msg);
        }
        int originalSize = head.length + msg.length;
        if (settings.oversize() == Oversize.REJECT) {
            throw new OversizeEntryException("entry " + entry.id() + " of source " + source.name() + " makes a "
                    + originalSize + "-byte syslog message, over max-message-size " + settings.maxMessageSize()
                    + " (oversize=reject): raise max-message-size (if the receiver accepts it) or set "
                    + "oversize=truncate");
        }
        head = header(pri, entry, source, msg.length).getBytes(StandardCharsets.UTF_8);
        Optional<String> cut = JsonTruncator.fit(json, settings.maxMessageSize() - head.length);
        if (cut.isEmpty()) {
            throw new OversizeEntryException("entry " + entry.id() + " of source " + source.name() + " does not fit "
                    + "max-message-size " + settings.maxMessageSize() + " even truncated: raise max-message-size");
        }
        return concat(head, cut.get().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * MSG is the record of the sink's codec (it never holds a raw line break: the JSON formats escape them, CEF and
     * LEEF escape or replace them). Too large under {@code oversize=truncate}: an OCSF or ECS record is shrunk by the
     * JSON-aware {@link JsonTruncator} (valid JSON, marked with a top-level {@code _cfaudit} object); a CEF or LEEF
     * record has its longest values cut (see {@link #shortenValues}) and stays one parsable record with its id;
     * RFC 5424 says so in the structured data as for JSON.
     */
    private byte[] encodeRecord(AuditEntry entry, SourceConfig source) throws OversizeEntryException {
        byte[] msg = codec.render(entry, source);
        int pri = settings.facility() * 8 + severity(entry);
        byte[] head = header(pri, entry, source, null).getBytes(StandardCharsets.UTF_8);
        if (head.length + msg.length <= settings.maxMessageSize()) {
            return concat(head, msg);
        }
        int originalSize = head.length + msg.length;
        if (settings.oversize() == Oversize.REJECT) {
            throw new OversizeEntryException("entry " + entry.id() + " of source " + source.name() + " makes a "
                    + originalSize + "-byte syslog message (codec " + codec.name() + "), over max-message-size "
                    + settings.maxMessageSize() + " (oversize=reject): raise max-message-size (if the receiver "
                    + "accepts it) or set oversize=truncate");
        }
        head = header(pri, entry, source, msg.length).getBytes(StandardCharsets.UTF_8);
        int budget = settings.maxMessageSize() - head.length;
        Optional<String> cut = codec.json()
                ? JsonTruncator.fit(new String(msg, StandardCharsets.UTF_8), budget)
                : shortenValues(entry, source, budget);
        if (cut.isEmpty()) {
            throw new OversizeEntryException("entry " + entry.id() + " of source " + source.name() + " does not fit "
                    + "max-message-size " + settings.maxMessageSize() + " even truncated (codec " + codec.name()
                    + "): raise max-message-size");
        }
        return concat(head, cut.get().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A CEF or LEEF record within {@code budget} bytes: the longest values (the CEF name, extension values; LEEF
     * attributes), all cut to a common number of characters at a code point boundary, as the JSON truncator does,
     * so the short fields and the id ({@code externalId}, the time and severity keys, never cut) stay whole; the
     * record is encoded again, so its escapes stay intact. Failing that (a budget below the record's skeleton), the
     * record cut at its end.
     */
    private Optional<String> shortenValues(AuditEntry entry, SourceConfig source, int budget) {
        boolean cef = codec.name().equals("cef");
        java.util.function.IntFunction<String> capped;
        int longest = 0;
        if (cef) {
            CefFormat.Record r = ((CefFormat) codec.format()).record(entry, source.type());
            longest = r.header().get(4).length();
            for (var e : r.extension().entrySet()) {
                if (!KEEP_CEF.contains(e.getKey())) {
                    longest = Math.max(longest, e.getValue().length());
                }
            }
            capped = cap -> {
                List<String> header = new ArrayList<>(r.header());
                header.set(4, cap(header.get(4), cap));
                Map<String, String> ext = new LinkedHashMap<>();
                r.extension().forEach((k, v) -> ext.put(k, KEEP_CEF.contains(k) ? v : cap(v, cap)));
                return CefFormat.line(new CefFormat.Record(header, ext));
            };
        } else {
            LeefFormat.Record r = ((LeefFormat) codec.format()).record(entry, source.type());
            for (var e : r.attributes().entrySet()) {
                if (!KEEP_LEEF.contains(e.getKey())) {
                    longest = Math.max(longest, e.getValue().length());
                }
            }
            capped = cap -> {
                Map<String, String> attrs = new LinkedHashMap<>();
                r.attributes().forEach((k, v) -> attrs.put(k, KEEP_LEEF.contains(k) ? v : cap(v, cap)));
                return LeefFormat.line(new LeefFormat.Record(r.header(), attrs));
            };
        }
        int low = MIN_VALUE_CHARS;
        if (JsonTruncator.utf8Length(capped.apply(low)) > budget) {
            return cutRecord(capped.apply(low), budget, cef);
        }
        int high = longest;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (JsonTruncator.utf8Length(capped.apply(mid)) <= budget) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return Optional.of(capped.apply(low));
    }

    private static final java.util.Set<String> KEEP_CEF = java.util.Set.of("rt", "externalId");
    private static final java.util.Set<String> KEEP_LEEF =
            java.util.Set.of("devTime", "devTimeFormat", "sev", "externalId");
    /** Values are never cut below this many characters (a value that short stays whole). */
    private static final int MIN_VALUE_CHARS = 8;

    /** {@code v} cut to at most {@code cap} code points. */
    private static String cap(String v, int cap) {
        if (v.length() <= cap) {
            return v;
        }
        int n = v.codePointCount(0, v.length());
        return n <= cap ? v : v.substring(0, v.offsetByCodePoints(0, cap));
    }

    /** The smallest CEF/LEEF prefix worth sending: the header and a few extension bytes. */
    static final int MIN_RECORD_BYTES = 64;

    /**
     * A one-line record cut to at most {@code budget} UTF-8 bytes at a code point boundary; for CEF not after the
     * {@code \} of an escape (a dangling one would escape whatever the receiver appends). Empty when less than the
     * record's header would remain.
     */
    static Optional<String> cutRecord(String record, int budget, boolean cef) {
        if (budget < MIN_RECORD_BYTES) {
            return Optional.empty();
        }
        int bytes = 0;
        int end = 0;
        while (end < record.length()) {
            int cp = record.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        if (cef) {
            int backslashes = 0;
            while (backslashes < end && record.charAt(end - 1 - backslashes) == '\\') {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                end--;
            }
        }
        String cut = record.substring(0, end);
        if (!cef) {
            // LEEF: an attribute cut inside its key (no '=' left) is dropped with its tab
            int tab = cut.lastIndexOf('\t');
            if (tab >= 0 && cut.indexOf('=', tab) < 0) {
                cut = cut.substring(0, tab);
            }
        }
        int pipes = cef ? 7 : 6;
        int seen = 0;
        for (int i = 0; i < cut.length() && seen < pipes; i++) {
            char c = cut.charAt(i);
            if (cef && c == '\\') {
                i++;
            } else if (c == '|') {
                seen++;
            }
        }
        return seen < pipes ? Optional.empty() : Optional.of(cut);
    }

    /** Failure is more severe than success; entries without a result (insight changes) get the third level. */
    int severity(AuditEntry entry) {
        String result = entry.text("action", "result");
        if (result == null) {
            return settings.severity().other();
        }
        // v2: "success" or "failure"; v1: a boolean
        return "success".equalsIgnoreCase(result) || "true".equals(result)
                ? settings.severity().success()
                : settings.severity().failure();
    }

    static String msgId(AuditEntry entry, SourceConfig source) {
        if (source.type() == SourceType.INSIGHT) {
            return INSIGHT_MSGID;
        }
        return SyslogText.headerField(entry.text("action", "type"), 32);
    }

    /** Everything before MSG, with its trailing space; {@code originalJsonBytes} set when MSG is truncated. */
    private String header(int pri, AuditEntry entry, SourceConfig source, Integer originalJsonBytes) {
        StringBuilder h = new StringBuilder(256).append('<').append(pri).append('>');
        if (settings.format() == Format.RFC3164) {
            return h.append(RFC3164_TIME.format(entry.time()))
                    .append(' ')
                    .append(SyslogText.headerField(settings.hostname(), 255))
                    .append(' ')
                    .append(settings.appName())
                    .append('[')
                    .append(procId)
                    .append("]: ")
                    .toString();
        }
        h.append("1 ")
                .append(timestamp(entry.time()))
                .append(' ')
                .append(SyslogText.headerField(settings.hostname(), 255))
                .append(' ')
                .append(SyslogText.headerField(settings.appName(), 48))
                .append(' ')
                .append(SyslogText.headerField(procId, 128))
                .append(' ')
                .append(msgId(entry, source))
                .append(' ');
        h.append('[').append(settings.structuredDataId());
        param(h, "id", entry.id());
        param(h, "source", source.name());
        String result = entry.text("action", "result");
        if (result != null) {
            param(h, "result", result);
        }
        if (originalJsonBytes != null) {
            param(h, "truncated", "true");
            param(h, "original-bytes", originalJsonBytes.toString());
        }
        return h.append("] ").toString();
    }

    private static void param(StringBuilder h, String name, String value) {
        h.append(' ')
                .append(name)
                .append("=\"")
                .append(SyslogText.sdValue(value))
                .append('"');
    }

    /** RFC 5424 TIMESTAMP: RFC 3339 in UTC, at most six fraction digits. */
    static String timestamp(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.MICROS));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** An entry whose message exceeds {@code max-message-size} under {@code oversize=reject}, or cannot be cut to it. */
    static final class OversizeEntryException extends Exception {
        OversizeEntryException(String message) {
            super(message);
        }
    }
}
