package io.github.cfaudit.sink.syslog;

/** The character rules of syslog header fields and structured data (RFC 5424 section 6). */
final class SyslogText {
    /** The longest SD-PARAM value we write: ids are 32 to 36 characters; anything longer is not an id. */
    static final int MAX_SD_VALUE_CHARS = 256;

    private static final char REPLACEMENT = '\uFFFD';

    private SyslogText() {}

    /**
     * An SD-PARAM value (PARAM-VALUE): {@code "}, {@code \} and {@code ]} escaped with a backslash as RFC 5424
     * section 6.3.3 requires. Control characters, which no id or source name contains but which would break LF
     * framing and many receivers, become U+FFFD; values longer than {@link #MAX_SD_VALUE_CHARS} are cut and end with
     * U+2026. The result is UTF-8 text without the enclosing quotes.
     */
    static String sdValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        int chars = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (chars++ == MAX_SD_VALUE_CHARS) {
                out.append('\u2026');
                break;
            }
            if (cp == '"' || cp == '\\' || cp == ']') {
                out.append('\\').append((char) cp);
            } else if (Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029') {
                out.append(REPLACEMENT);
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /**
     * A header field (HOSTNAME, APP-NAME, PROCID, MSGID): printable US-ASCII only (33 to 126), at most
     * {@code maxLength} characters; anything else becomes '_'. Empty or null becomes the NILVALUE {@code -}.
     */
    static String headerField(String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
        for (int i = 0; i < value.length() && out.length() < maxLength; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x21 && c <= 0x7e ? c : '_');
        }
        return out.toString();
    }

    /** Whether the text has a character that JSON requires to be escaped (a raw control character). */
    static boolean hasRawControlCharacter(String json) {
        for (int i = 0; i < json.length(); i++) {
            if (json.charAt(i) < 0x20) {
                return true;
            }
        }
        return false;
    }
}
