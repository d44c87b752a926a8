package io.github.cfaudit.formats;

/** Text rules shared by the formats. */
final class Text {
    static final char REPLACEMENT = '\uFFFD';

    private Text() {}

    /** {@code s} with every unpaired UTF-16 surrogate replaced by U+FFFD; the same instance when there is none. */
    static String clean(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return replaceLoneSurrogates(s);
            }
        }
        return s;
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return sb.toString();
    }

    /** A C0 or C1 control character, DEL, or a Unicode line/paragraph separator: what breaks a one-line record. */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
