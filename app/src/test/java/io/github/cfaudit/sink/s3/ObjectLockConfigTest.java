package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code object-lock.mode} and {@code object-lock.retain}: parsed once at start-up, refused with the key named. */
class ObjectLockConfigTest {
    private static final String P = "cfaudit.sink.arch.";

    private static S3SinkSettings parse(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put(P + "bucket", "audit-archive");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(P + keyValues[i], keyValues[i + 1]);
        }
        return new S3SinkType().parse(ConfigProperties.of(props).section("cfaudit.sink.arch"));
    }

    private static String refusal(String key, String... keyValues) {
        return assertThatThrownBy(() -> parse(keyValues))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(P + key)
                .hasMessageContaining("valid")
                .actual()
                .getMessage();
    }

    @Test
    void noLockByDefault() {
        assertThat(parse().objectLock()).isEmpty();
    }

    @Test
    void modeAndRetainTogether() {
        ObjectLock lock = parse("object-lock.mode", "compliance", "object-lock.retain", "P7Y")
                .objectLock()
                .orElseThrow();
        assertThat(lock.mode()).isEqualTo("COMPLIANCE");
        assertThat(lock.retain()).isEqualTo("P7Y");
        assertThat(lock.retainUntil(Instant.parse("2026-12-07T10:15:30.250Z")))
                .as("seven calendar years, rounded up to the second")
                .isEqualTo(Instant.parse("2033-12-07T10:15:31Z"));
        assertThat(lock.describe()).isEqualTo("COMPLIANCE, retained P7Y from each upload");
    }

    @ParameterizedTest
    @CsvSource({
        "P90D, 2026-12-07T00:00:00Z, 2027-03-07T00:00:00Z",
        "PT36H, 2026-12-07T00:00:00Z, 2026-12-08T12:00:00Z",
        "P1DT12H, 2026-12-07T00:00:00Z, 2026-12-08T12:00:00Z",
        "P1Y6M, 2026-12-07T00:00:00Z, 2028-06-07T00:00:00Z",
        "P2W, 2026-12-07T00:00:00Z, 2026-12-21T00:00:00Z",
        "pt1s, 2026-12-07T00:00:00.000000001Z, 2026-12-07T00:00:02Z"
    })
    void retainIsAPeriodOrADuration(String retain, String now, String until) {
        ObjectLock lock = parse("object-lock.mode", "GOVERNANCE", "object-lock.retain", retain)
                .objectLock()
                .orElseThrow();
        assertThat(lock.retainUntil(Instant.parse(now))).isEqualTo(Instant.parse(until));
    }

    @Test
    void bothOrNeither() {
        assertThat(refusal("object-lock.mode", "object-lock.retain", "P7Y"))
                .contains("is required with " + P + "object-lock.retain", "GOVERNANCE or COMPLIANCE");
        assertThat(refusal("object-lock.retain", "object-lock.mode", "GOVERNANCE"))
                .contains("is required with " + P + "object-lock.mode", "P7Y");
    }

    @ParameterizedTest
    @CsvSource({
        "object-lock.mode, LEGAL_HOLD, P7Y, is not an Object Lock mode",
        "object-lock.retain, COMPLIANCE, seven years, is not an ISO-8601 period or duration",
        "object-lock.retain, COMPLIANCE, 7, is not an ISO-8601 period or duration",
        "object-lock.retain, COMPLIANCE, PT0S, is not longer than zero",
        "object-lock.retain, COMPLIANCE, P-1D, is not longer than zero",
        "object-lock.retain, COMPLIANCE, P101Y, is longer than 100 years"
    })
    void badValuesAreRefused(String key, String mode, String retain, String message) {
        assertThat(refusal(key, "object-lock.mode", mode, "object-lock.retain", retain))
                .contains(message);
    }

    @Test
    void cloudflareR2IsRefusedWithWhatToDoInstead() {
        String message = refusal(
                "object-lock.mode",
                "endpoint",
                "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
                "region",
                "auto",
                "prefix",
                "audit/",
                "object-lock.mode",
                "COMPLIANCE",
                "object-lock.retain",
                "P7Y");
        assertThat(message)
                .contains("Cloudflare R2", "bucket lock rules per prefix", "audit/", "wrangler r2 bucket lock");
        // an EU-jurisdiction endpoint is R2 too, and retain alone names the key that is set
        assertThat(refusal(
                        "object-lock.retain",
                        "endpoint",
                        "https://0123456789abcdef0123456789abcdef.eu.R2.cloudflarestorage.com",
                        "region",
                        "auto",
                        "object-lock.retain",
                        "P7Y"))
                .contains("Cloudflare R2");
    }

    @Test
    void otherS3CompatibleEndpointsMayAskForALock() {
        assertThat(parse(
                                "endpoint",
                                "http://minio.internal:9000",
                                "path-style",
                                "true",
                                "object-lock.mode",
                                "GOVERNANCE",
                                "object-lock.retain",
                                "P30D")
                        .objectLock())
                .isPresent();
    }
}
