package io.github.cfaudit.sink.syslog;

import static io.github.cfaudit.sink.syslog.SyslogFixtures.settings;
import static io.github.cfaudit.sink.syslog.SyslogFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.formats.RecordChecks;
import io.github.cfaudit.formats.RecordFormats;
import io.github.cfaudit.sink.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MSG in every codec: a valid record, whole or (oversize=truncate) cut without breaking it or the frame. */
class SyslogCodecTest {
    private static final SourceConfig ACCT = source("acct", "account");

    private static List<AuditEntry> entries() {
        List<AuditEntry> entries = new ArrayList<>(RecordChecks.realistic(SourceType.ACCOUNT, 10));
        RecordChecks.hostile(SourceType.ACCOUNT).stream()
                .filter(e -> e.json().indexOf('\n') < 0)
                .forEach(entries::add);
        return entries;
    }

    /** RFC 3164: MSG follows {@code APP-NAME[PROCID]: }. */
    private static String msg(byte[] message) {
        String m = new String(message, StandardCharsets.UTF_8);
        return m.substring(m.indexOf("]: ") + 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudflare", "ocsf", "ecs", "cef", "leef"})
    void msgIsTheRecordOfTheCodec(String codec) throws Exception {
        SyslogEncoder encoder = new SyslogEncoder(
                settings(Map.of("format", "rfc3164", "max-message-size", "65536")),
                7,
                new RecordCodec(RecordFormats.of(codec)));
        for (AuditEntry e : entries()) {
            byte[] message = encoder.encode(e, ACCT);
            assertThat(new String(message, StandardCharsets.UTF_8)).doesNotContain("\n", "\r");
            String msg = msg(message);
            assertThat(RecordChecks.problems(codec, msg)).as(msg).isEmpty();
            assertThat(RecordChecks.id(codec, msg)).isEqualTo(e.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ocsf", "ecs", "cef", "leef"})
    void anOversizeRecordIsCutAndStaysOneRecord(String codec) throws Exception {
        SyslogEncoder encoder = new SyslogEncoder(
                settings(Map.of("format", "rfc3164", "max-message-size", "600", "oversize", "truncate")),
                7,
                new RecordCodec(RecordFormats.of(codec)));
        int cut = 0;
        for (AuditEntry e : entries()) {
            byte[] message;
            try {
                message = encoder.encode(e, ACCT);
            } catch (SyslogEncoder.OversizeEntryException tooLarge) {
                // a JSON record whose skeleton does not fit: refused, never a broken record
                assertThat(codec).isIn("ocsf", "ecs");
                continue;
            }
            assertThat(message.length).isLessThanOrEqualTo(600);
            String msg = msg(message);
            if (codec.equals("cef") || codec.equals("leef")) {
                assertThat(RecordChecks.problems(codec, msg)).as(msg).isEmpty();
                assertThat(RecordChecks.id(codec, msg)).isEqualTo(e.id());
            } else {
                assertThat(RecordChecks.problems("cloudflare", msg)).as(msg).isEmpty();
            }
            if (!msg.equals(new String(encoderWithoutLimit(codec).encodeMsg(e), StandardCharsets.UTF_8))) {
                cut++;
            }
        }
        assertThat(cut).isPositive();
    }

    private static Renderer encoderWithoutLimit(String codec) {
        RecordCodec c = new RecordCodec(RecordFormats.of(codec));
        return e -> c.render(e, ACCT);
    }

    private interface Renderer {
        byte[] encodeMsg(AuditEntry e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\\\\\=b", "x\\"})
    void aCefCutNeverEndsInsideAnEscape(String tail) {
        String record =
                "CEF:0|Cloudflare|Audit Logs|v2|account:update|n|3|rt=1 externalId=e msg=" + "a".repeat(40) + tail;
        for (int budget = 64; budget <= record.length(); budget++) {
            String cut = SyslogEncoder.cutRecord(record, budget, true).orElseThrow();
            int backslashes = 0;
            while (backslashes < cut.length() && cut.charAt(cut.length() - 1 - backslashes) == '\\') {
                backslashes++;
            }
            assertThat(backslashes % 2).as(cut).isZero();
            assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {70, 71, 72, 73, 74, 75})
    void aCutNeverSplitsACharacter(int budget) {
        String record = "LEEF:2.0|Cloudflare|Audit Logs|v2|account:update|x09|devTime=1\tmsg=" + "é😀".repeat(20);
        String cut = SyslogEncoder.cutRecord(record, budget, false).orElseThrow();
        assertThat(record).startsWith(cut);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget);
    }
}
