package io.github.cfaudit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
    @Test
    void writesWhatInstantToStringWrites() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(-62_167_219_200L - 86_400L * 400, 253_402_300_800L + 86_400L * 400);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nanos);
            assertThat(IsoInstants.format(t)).as("%s", t).isEqualTo(t.toString());
        }
    }

    @Test
    void edges() {
        for (String s : new String[] {
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T12:00:00.001Z",
            "1969-12-31T23:59:59.000001Z",
            "2026-11-20T10:00:00.100Z"
        }) {
            assertThat(IsoInstants.format(Instant.parse(s))).isEqualTo(s);
        }
        assertThat(IsoInstants.format(Instant.MIN)).isEqualTo(Instant.MIN.toString());
        assertThat(IsoInstants.format(Instant.MAX)).isEqualTo(Instant.MAX.toString());
    }
}
