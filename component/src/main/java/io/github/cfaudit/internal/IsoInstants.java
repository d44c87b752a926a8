package io.github.cfaudit.internal;

import java.time.Instant;

/**
 * {@link Instant#toString()} without the general formatter: the checkpoint writes one timestamp per id it keeps
 * (about a page's worth) after every page, and the JDK's ISO formatter was a visible share of that.
 */
public final class IsoInstants {
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: outside, {@link Instant#toString()} is used. */
    private static final long MIN = -62_167_219_200L;

    private static final long MAX = 253_402_300_800L;

    private IsoInstants() {}

    /** Exactly {@code instant.toString()}: {@code 2026-11-20T10:00:00Z}, with 3, 6 or 9 fraction digits if any. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN || seconds >= MAX) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil date from days since the epoch (Howard Hinnant's algorithm)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));

        int nanos = instant.getNano();
        char[] out = new char[30];
        int n = 0;
        n = digits(out, n, year, 4);
        out[n++] = '-';
        n = digits(out, n, month, 2);
        out[n++] = '-';
        n = digits(out, n, day, 2);
        out[n++] = 'T';
        n = digits(out, n, secondOfDay / 3600, 2);
        out[n++] = ':';
        n = digits(out, n, secondOfDay / 60 % 60, 2);
        out[n++] = ':';
        n = digits(out, n, secondOfDay % 60, 2);
        if (nanos > 0) {
            out[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                n = digits(out, n, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                n = digits(out, n, nanos / 1000, 6);
            } else {
                n = digits(out, n, nanos, 9);
            }
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    private static int digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
