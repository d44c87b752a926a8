package io.github.cfaudit.formats;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IBM QRadar Log Event Extended Format 2.0 records, one line per entry:
 * {@code LEEF:2.0|Cloudflare|Audit Logs|<version>|<event id>|x09|key=value<tab>key=value...}.
 *
 * <p>LEEF has no escape character: the attribute delimiter (a tab, declared in the header as {@code x09}) cannot
 * appear in a value, and neither can a line break. So every control character in a value (tab, line feed, carriage
 * return, NUL, ..., and U+2028/U+2029) becomes a space; {@code =} needs nothing, a key ends at the first one. The
 * header fields are constants except the event id, which is made of letters, digits and {@code _.:-} only (no
 * {@code |}). {@code devTime} is written with {@code devTimeFormat} {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ} in UTC;
 * {@code sev} follows {@link Severity} (1-10). See docs/formats.md.
 */
public final class LeefFormat implements RecordFormat {
    public static final String NAME = "leef";
    public static final String DEV_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";
    private static final DateTimeFormatter DEV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    /** A LEEF record before encoding: the header fields after {@code LEEF:2.0} and the attributes, in order. */
    public record Record(List<String> header, Map<String, String> attributes) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mediaType() {
        return "text/plain";
    }

    /** The record's fields as they read once the line is parsed (text already normalised as described above). */
    public Record record(AuditEntry entry, SourceType type) {
        return record(SiemFields.of(entry, type));
    }

    static Record record(SiemFields s) {
        List<String> header = List.of("Cloudflare", "Audit Logs", s.deviceVersion, s.eventClass, "x09");
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("devTime", DEV_TIME.format(Instant.ofEpochMilli(s.time)));
        attrs.put("devTimeFormat", DEV_TIME_FORMAT);
        attrs.put("sev", Integer.toString(Math.max(1, s.severity)));
        attrs.put("name", value(s.name));
        for (SiemFields.Field f : s.fields) {
            attrs.put(f.leef(), value(f.value()));
        }
        return new Record(header, attrs);
    }

    @Override
    public void write(AuditEntry entry, SourceType type, OutputStream out) throws IOException {
        out.write(fastLine(SiemFields.of(entry, type)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<String> writeChecked(AuditEntry entry, SourceType type, OutputStream out) throws IOException {
        EntryTree t = EntryTree.of(entry, type);
        List<String> deviations = EntryShape.deviations(t, type);
        out.write(fastLine(SiemFields.of(entry, type, t)).getBytes(StandardCharsets.UTF_8));
        return deviations;
    }

    /**
     * {@code line(record(s))} in one pass over each value, without the intermediate record: what {@link #write}
     * writes. {@code FastPathTest} holds it to the same bytes.
     */
    static String fastLine(SiemFields s) {
        StringBuilder sb = new StringBuilder(512).append("LEEF:2.0|Cloudflare|Audit Logs|");
        sb.append(s.deviceVersion).append('|').append(s.eventClass).append("|x09|devTime=");
        devTime(sb, s.time);
        sb.append("\tdevTimeFormat=").append(DEV_TIME_FORMAT);
        sb.append("\tsev=").append(Math.max(1, s.severity));
        sb.append("\tname=");
        value(sb, s.name);
        for (SiemFields.Field f : s.fields) {
            sb.append('\t').append(f.leef()).append('=');
            value(sb, f.value());
        }
        return sb.toString();
    }

    /** {@code DEV_TIME.format(Instant.ofEpochMilli(millis))}, by hand for the years 1 to 9999 (yyyy is the year of the era). */
    static void devTime(StringBuilder sb, long millis) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(
                Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            sb.append(DEV_TIME.format(Instant.ofEpochMilli(millis)));
            return;
        }
        pad(sb, year, 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        pad(sb, t.getNano() / 1_000_000, 3).append("+0000");
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        for (int d = width - 1, p = 1; d > 0; d--) {
            p *= 10;
            if (v < p) {
                sb.append('0');
            }
        }
        return sb.append(v);
    }

    /** A value: lone surrogates U+FFFD, every control character a space. */
    private static void value(StringBuilder sb, String v) {
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (Character.isSurrogate(c)) {
                i = CefFormat.surrogate(sb, v, i);
            } else {
                sb.append(Text.isControl(c) ? ' ' : c);
            }
        }
    }

    public static String line(Record r) {
        StringBuilder sb = new StringBuilder(512).append("LEEF:2.0");
        for (String h : r.header()) {
            sb.append('|').append(h);
        }
        sb.append('|');
        boolean first = true;
        for (Map.Entry<String, String> e : r.attributes().entrySet()) {
            if (!first) {
                sb.append('\t');
            }
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    private static String value(String s) {
        String c = Text.clean(s);
        StringBuilder sb = null;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (Text.isControl(ch)) {
                if (sb == null) {
                    sb = new StringBuilder(c.length()).append(c, 0, i);
                }
                sb.append(' ');
            } else if (sb != null) {
                sb.append(ch);
            }
        }
        return sb == null ? c : sb.toString();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
