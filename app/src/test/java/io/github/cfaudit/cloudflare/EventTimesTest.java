package io.github.cfaudit.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path for event times accepts exactly what {@link OffsetDateTime#parse} accepts, with the same instant. */
class EventTimesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-20T10:00:00Z",
                "2026-11-20T10:00:00.1Z",
                "2026-11-20T10:00:00.123Z",
                "2026-11-20T10:00:00.123456789Z",
                "2026-11-20T10:00:00.123+02:00",
                "2026-11-20T10:00:00-05:30",
                "2026-11-20T23:59:59.999999999-18:00",
                "2024-02-29T00:00:00Z",
                "2023-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-11-31T00:00:00Z",
                "2026-11-20T24:00:00Z",
                "2026-11-20T10:60:00Z",
                "2026-11-20T10:00:60Z",
                "2026-11-20T10:00:00.Z",
                "2026-11-20T10:00:00.1234567890Z",
                "2026-11-20T10:00:00+19:00",
                "2026-11-20T10:00:00+02:60",
                "2026-11-20t10:00:00z",
                "2026-11-20T10:00:00+0200",
                "2026-11-20T10:00:00+02:00:30",
                "2026-11-20T10:00Z",
                "2026-11-20 10:00:00Z",
                "2026-11-20T10:00:00",
                "2026-11-20T10:00:00ZZ",
                "+12026-11-20T10:00:00Z",
                "2026-1a-20T10:00:00Z",
                "",
                "not a time",
                "2026-11-20T10:00:00Z\n",
                "٢٠٢٦-11-20T10:00:00Z"
            })
    void agreesWithOffsetDateTime(String text) {
        assertThat(EventTimes.parse(text)).isEqualTo(reference(text));
    }

    @Test
    void agreesWithOffsetDateTimeOnRandomTimestamps() {
        Random random = new Random(42);
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-62_135_596_800L, 253_402_300_799L); // years 0001..9999
            int nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(3) == 0 ? 0 : random.nextInt(-18 * 60, 18 * 60 + 1);
            String text = Instant.ofEpochSecond(second, nanos)
                    .atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                    .toString();
            samples.add(text);
            // and a mutation of one character
            char[] chars = text.toCharArray();
            chars[random.nextInt(chars.length)] = "0123456789:-+TZ.x".charAt(random.nextInt(17));
            samples.add(new String(chars));
        }
        for (String text : samples) {
            assertThat(EventTimes.parse(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void readsTheUsualFormWithoutTheFullParser() {
        assertThat(EventTimes.parseCommonForm("2026-11-20T10:00:00.5+01:00"))
                .isEqualTo(Instant.parse("2026-11-20T09:00:00.5Z"));
        assertThat(EventTimes.parseCommonForm("2026-11-20T10:00:00Z")).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    }

    private static Instant reference(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
