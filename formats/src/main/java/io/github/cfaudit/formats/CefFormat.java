package io.github.cfaudit.formats;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ArcSight Common Event Format records, one line per entry:
 * {@code CEF:0|Cloudflare|Audit Logs|<version>|<event class>|<name>|<severity>|<extension>}.
 *
 * <p>Escaping, as the CEF specification says: in the header {@code \} becomes {@code \\} and {@code |} becomes
 * {@code \|}; in extension values {@code \} becomes {@code \\}, {@code =} becomes {@code \=}, a line feed {@code \n}
 * and a carriage return {@code \r}. Characters the specification has no escape for, which would break a one-line
 * record (other control characters, U+2028/U+2029; in the header also line breaks), become a space. Empty values are
 * left out. The event class is {@code <source type>:<action>} (letters, digits, {@code _.:-}); the severity follows
 * {@link Severity}. Standard keys where CEF has them ({@code rt externalId cat act outcome msg suser suid src c6a2
 * requestMethod request requestClientApplication}), labelled custom keys for the rest; see docs/formats.md.
 */
public final class CefFormat implements RecordFormat {
    public static final String NAME = "cef";

    /** A CEF record before encoding: the header fields after {@code CEF:0} and the extension, in order. */
    public record Record(List<String> header, Map<String, String> extension) {}

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
        List<String> header = List.of(
                "Cloudflare",
                "Audit Logs",
                s.deviceVersion,
                s.eventClass,
                headerText(s.name),
                Integer.toString(s.severity));
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("rt", Long.toString(s.time));
        for (SiemFields.Field f : s.fields) {
            ext.put(f.cef(), extensionText(f.value()));
            if (f.cefLabel() != null) {
                ext.put(f.cef() + "Label", f.cefLabel());
            }
        }
        return new Record(header, ext);
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
     * {@code line(record(s))} in one pass over each value (normalising and escaping together, no intermediate
     * record): what {@link #write} writes. {@code FastPathTest} holds it to the same bytes.
     */
    static String fastLine(SiemFields s) {
        StringBuilder sb = new StringBuilder(512).append("CEF:0|Cloudflare|Audit Logs|");
        header(sb, s.deviceVersion);
        sb.append('|');
        header(sb, s.eventClass);
        sb.append('|');
        header(sb, s.name);
        sb.append('|').append(s.severity).append("|rt=").append(s.time);
        for (SiemFields.Field f : s.fields) {
            sb.append(' ').append(f.cef()).append('=');
            extension(sb, f.value());
            if (f.cefLabel() != null) {
                sb.append(' ').append(f.cef()).append("Label=");
                extension(sb, f.cefLabel());
            }
        }
        return sb.toString();
    }

    /** A header value: lone surrogates U+FFFD, controls (line breaks too) a space, {@code \} and {@code |} escaped. */
    private static void header(StringBuilder sb, String v) {
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (c == '\\' || c == '|') {
                    sb.append('\\');
                }
                sb.append(c);
            } else if (Character.isSurrogate(c)) {
                i = surrogate(sb, v, i);
            } else {
                sb.append(Text.isControl(c) ? ' ' : c);
            }
        }
    }

    /** An extension value: lone surrogates U+FFFD, {@code \ = \n \r} escaped, other controls a space. */
    private static void extension(StringBuilder sb, String v) {
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (c == '\\' || c == '=') {
                    sb.append('\\');
                }
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (Character.isSurrogate(c)) {
                i = surrogate(sb, v, i);
            } else {
                sb.append(Text.isControl(c) ? ' ' : c);
            }
        }
    }

    /** Appends the pair at {@code i}, or U+FFFD for a lone surrogate; the index of the last char used. */
    static int surrogate(StringBuilder sb, String v, int i) {
        char c = v.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
            sb.append(c).append(v.charAt(i + 1));
            return i + 1;
        }
        sb.append(Text.REPLACEMENT);
        return i;
    }

    public static String line(Record r) {
        StringBuilder sb = new StringBuilder(512).append("CEF:0");
        for (String h : r.header()) {
            sb.append('|');
            for (int i = 0; i < h.length(); i++) {
                char c = h.charAt(i);
                if (c == '\\' || c == '|') {
                    sb.append('\\');
                }
                sb.append(c);
            }
        }
        sb.append('|');
        boolean first = true;
        for (Map.Entry<String, String> e : r.extension().entrySet()) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            sb.append(e.getKey()).append('=');
            String v = e.getValue();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '=' -> sb.append("\\=");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static String headerText(String s) {
        return replaceControls(s, false);
    }

    private static String extensionText(String s) {
        return replaceControls(s, true);
    }

    private static String replaceControls(String s, boolean keepLineBreaks) {
        String c = Text.clean(s);
        StringBuilder sb = null;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            boolean lineBreak = ch == '\n' || ch == '\r';
            if (Text.isControl(ch) && !(keepLineBreaks && lineBreak)) {
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
