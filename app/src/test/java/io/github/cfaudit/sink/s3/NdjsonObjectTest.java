package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class NdjsonObjectTest {
    static List<AuditEntry> entries(int n, int padding) {
        List<AuditEntry> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "e" + i;
            list.add(new AuditEntry(
                    id,
                    Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i),
                    "{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(padding) + "\",\"u\":\"\u00e9\u2028\"}",
                    Map.of()));
        }
        return list;
    }

    @Test
    void holdsTheEntriesExactlyOnePerLine() throws Exception {
        List<AuditEntry> e = entries(3, 5);
        NdjsonObject plain = NdjsonObject.of("k", e, false);
        String expected =
                e.get(0).json() + "\n" + e.get(1).json() + "\n" + e.get(2).json() + "\n";
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
        NdjsonObject gz = NdjsonObject.of("k", e, true);
        assertThat(new String(gunzip(gz.body()), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(gz.records()).isEqualTo(3);
        assertThat(gz.first()).isSameAs(e.get(0));
        assertThat(gz.last()).isSameAs(e.get(2));
    }

    @Test
    void theSameEntriesGiveTheSameBytesAndTheirMd5() throws Exception {
        NdjsonObject a = NdjsonObject.of("k", entries(50, 100), true);
        NdjsonObject b = NdjsonObject.of("k", entries(50, 100), true);
        assertThat(a.body()).isEqualTo(b.body());
        byte[] md5 = MessageDigest.getInstance("MD5").digest(a.body());
        assertThat(a.md5Base64()).isEqualTo(Base64.getEncoder().encodeToString(md5));
        assertThat(a.md5Hex()).hasSize(32).isEqualTo(b.md5Hex());
    }

    @Test
    void splitsByRecordCount() {
        List<List<AuditEntry>> parts = NdjsonObject.split(entries(10, 1), 4, Long.MAX_VALUE);
        assertThat(parts).extracting(List::size).containsExactly(4, 4, 2);
    }

    @Test
    void splitsByUncompressedSizeAndGivesAnOversizedEntryItsOwnObject() {
        List<AuditEntry> e = entries(5, 100);
        long line = NdjsonObject.lineSize(e.get(0));
        assertThat(NdjsonObject.split(e, 100, 2 * line)).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(NdjsonObject.split(e, 100, line - 1)).extracting(List::size).containsExactly(1, 1, 1, 1, 1);
        assertThat(NdjsonObject.split(e, 100, 5 * line)).extracting(List::size).containsExactly(5);
        assertThat(NdjsonObject.split(List.of(), 100, 5 * line)).isEmpty();
    }

    @Test
    void lineSizeCountsUtf8BytesAndTheNewline() {
        AuditEntry e = entries(1, 0).get(0);
        assertThat(NdjsonObject.lineSize(e)).isEqualTo(e.json().getBytes(StandardCharsets.UTF_8).length + 1);
        assertThat(NdjsonObject.line(e)).hasSize((int) NdjsonObject.lineSize(e));
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
