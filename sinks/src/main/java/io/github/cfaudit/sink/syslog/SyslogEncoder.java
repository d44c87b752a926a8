package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Format;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Oversize;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
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
     * record is cut at a character boundary, never inside a CEF escape, so the line stays one parsable record with
     * fewer (or a shorter last) extension fields; RFC 5424 says so in the structured data as for JSON.
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
        String record = new String(msg, StandardCharsets.UTF_8);
        Optional<String> cut = codec.json()
                ? JsonTruncator.fit(record, budget)
                : cutRecord(record, budget, codec.name().equals("cef"));
        if (cut.isEmpty()) {
            throw new OversizeEntryException("entry " + entry.id() + " of source " + source.name() + " does not fit "
                    + "max-message-size " + settings.maxMessageSize() + " even truncated (codec " + codec.name()
                    + "): raise max-message-size");
        }
        return concat(head, cut.get().getBytes(StandardCharsets.UTF_8));
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
        return "success".equalsIgnoreCase(result)
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
