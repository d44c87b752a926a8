package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.cloudflare.AuditEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3ObjectKeysTest {
    static AuditEntry entry(String id, String time) {
        return new AuditEntry(id, Instant.parse(time), "{\"id\":\"" + id + "\"}", Map.of());
    }

    @Test
    void keyIsPrefixSourceEventDateFirstEventTimeAndHashOfTheFirstId() {
        AuditEntry first = entry("6f0e2bd1a2c44d5b", "2026-11-20T23:59:59.123456Z");
        assertThat(S3ObjectKeys.objectKey("cloudflare-audit/", "acme-account", first, 0, ".ndjson.gz"))
                .isEqualTo("cloudflare-audit/acme-account/2026/11/20/20261120T235959.123Z_"
                        + S3ObjectKeys.hash("6f0e2bd1a2c44d5b") + ".ndjson.gz");
        assertThat(S3ObjectKeys.hash("6f0e2bd1a2c44d5b")).matches("[0-9a-f]{16}");
    }

    @Test
    void theSameFirstEntryGivesTheSameKeyAndAnotherOneAnother() {
        AuditEntry a = entry("a", "2026-11-20T10:00:00Z");
        assertThat(S3ObjectKeys.objectKey("p/", "s", a, 0, ".ndjson"))
                .isEqualTo(S3ObjectKeys.objectKey("p/", "s", entry("a", "2026-11-20T10:00:00Z"), 0, ".ndjson"))
                .isNotEqualTo(S3ObjectKeys.objectKey("p/", "s", entry("b", "2026-11-20T10:00:00Z"), 0, ".ndjson"));
    }

    @Test
    void laterPartsAreNumberedAndSortAfterTheFirst() {
        AuditEntry a = entry("a", "2026-11-20T10:00:00Z");
        String part0 = S3ObjectKeys.objectKey("p/", "s", a, 0, ".ndjson.gz");
        String part1 = S3ObjectKeys.objectKey("p/", "s", a, 1, ".ndjson.gz");
        String part12 = S3ObjectKeys.objectKey("p/", "s", a, 12, ".ndjson.gz");
        assertThat(part1).endsWith(".part-0001.ndjson.gz");
        assertThat(part0).isLessThan(part1);
        assertThat(part1).isLessThan(part12);
    }

    @Test
    void partitionIsTheUtcEventDate() {
        assertThat(S3ObjectKeys.partition(entry("x", "2026-11-20T23:59:59.999Z")))
                .isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(S3ObjectKeys.partition(entry("x", "2026-11-21T00:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 21));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "${header.x}", "a/b", "\u0000\n", "%2F", " "})
    void nothingFromTheIdReachesTheKey(String id) {
        String key = S3ObjectKeys.objectKey("p/", "s", entry(id, "2026-11-20T10:00:00Z"), 0, ".ndjson");
        assertThat(key).matches("p/s/2026/11/20/20261120T100000\\.000Z_[0-9a-f]{16}\\.ndjson");
    }

    @Test
    void aYearBeyond9999GetsNoSign() {
        AuditEntry far = entry("x", "+12026-01-02T03:04:05Z");
        assertThat(S3ObjectKeys.objectKey("p/", "s", far, 0, ".ndjson"))
                .matches("p/s/12026/01/02/120260102T030405\\.000Z_[0-9a-f]{16}\\.ndjson");
    }

    @Test
    void refusesASourceNameThatIsNotSafe() {
        assertThatThrownBy(() -> S3ObjectKeys.partitionPrefix("p/", "../x", LocalDate.of(2026, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
