package io.github.cfaudit.sink.s3;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code object-lock.mode} + {@code object-lock.retain}: the S3 Object Lock retention every object of the sink is
 * written with ({@code x-amz-object-lock-mode}, {@code x-amz-object-lock-retain-until-date}).
 *
 * <p>The retention is a calendar period ({@code P7Y}, {@code P6M}, {@code P90D}) or a duration ({@code PT36H}): audit
 * rules are written in years, and seven years from now is a date, not a number of seconds. The retain-until date is
 * the instant of the upload plus the retention in UTC, rounded up to the next whole second so that it is never
 * shorter than asked.
 *
 * @param mode     {@link #GOVERNANCE} or {@link #COMPLIANCE}
 * @param retain   the retention as configured, e.g. {@code P7Y}
 * @param period   its years, months and days
 * @param duration its hours, minutes and seconds (zero for a period)
 */
public record ObjectLock(String mode, String retain, Period period, Duration duration) {
    public static final String GOVERNANCE = "GOVERNANCE";
    public static final String COMPLIANCE = "COMPLIANCE";
    public static final List<String> MODES = List.of(GOVERNANCE, COMPLIANCE);
    /** Longer than any retention rule; a value above it is a typo ({@code P7000Y}). */
    public static final Period MAX_RETAIN = Period.ofYears(100);

    public ObjectLock {
        Objects.requireNonNull(mode, "mode == null");
        Objects.requireNonNull(retain, "retain == null");
        Objects.requireNonNull(period, "period == null");
        Objects.requireNonNull(duration, "duration == null");
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /**
     * The retention written as an ISO-8601 period ({@code P7Y}, {@code P1Y6M}, {@code P2W}, {@code P90D}) or duration
     * ({@code PT36H}, {@code P1DT12H}); empty when it is neither.
     */
    static Optional<ObjectLock> of(String mode, String retain) {
        String text = retain.toUpperCase(Locale.ROOT);
        try {
            return Optional.of(new ObjectLock(mode, retain, Period.ZERO, Duration.parse(text)));
        } catch (DateTimeParseException notADuration) {
            try {
                return Optional.of(new ObjectLock(mode, retain, Period.parse(text), Duration.ZERO));
            } catch (DateTimeParseException notAPeriod) {
                return Optional.empty();
            }
        }
    }

    /** The retain-until date of an object written at {@code now}. */
    public Instant retainUntil(Instant now) {
        Instant until = now.atOffset(ZoneOffset.UTC).plus(period).plus(duration).toInstant();
        Instant whole = until.truncatedTo(ChronoUnit.SECONDS);
        return whole.equals(until) ? whole : whole.plusSeconds(1);
    }

    /** True when the retention is longer than zero, measured from {@code now}. */
    boolean positive(Instant now) {
        return now.atOffset(ZoneOffset.UTC)
                .plus(period)
                .plus(duration)
                .toInstant()
                .isAfter(now);
    }

    /** True when the retention ends after {@link #MAX_RETAIN} from {@code now}. */
    boolean tooLong(Instant now) {
        return retainUntil(now)
                .isAfter(now.atOffset(ZoneOffset.UTC).plus(MAX_RETAIN).toInstant());
    }

    /** For log lines and {@code --check}: {@code COMPLIANCE, retained P7Y from each upload}. */
    public String describe() {
        return mode + ", retained " + retain + " from each upload";
    }
}
