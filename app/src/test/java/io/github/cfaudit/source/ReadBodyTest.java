package io.github.cfaudit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The response body as the page parser gets it, from the raw stream of the HTTP client's entity. */
class ReadBodyTest {
    @Test
    void readsTheAnnouncedLength() throws Exception {
        byte[] body = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
        assertThat(ResponseBody.read(new ByteArrayInputStream(body), body.length))
                .isEqualTo(body);
    }

    @Test
    void readsToTheEndWithoutALength() throws Exception {
        byte[] body = new byte[300_000];
        java.util.Arrays.fill(body, (byte) 'x');
        assertThat(ResponseBody.read(new ByteArrayInputStream(body), -1)).isEqualTo(body);
    }

    @Test
    void aBodyShorterThanAnnouncedIsAnIoErrorNotAShortPage() {
        byte[] body = "{\"success\":true,\"result\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ResponseBody.read(new ByteArrayInputStream(body), body.length + 100L))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("after " + body.length + " of its " + (body.length + 100));
    }

    @Test
    void noBodyIsEmpty() throws Exception {
        assertThat(ResponseBody.read(null, -1)).isEmpty();
        assertThat(ResponseBody.read(new ByteArrayInputStream(new byte[0]), 0)).isEmpty();
    }

    @Test
    void theStreamIsClosedSoTheClientReleasesTheConnection() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        ResponseBody.read(in, 2);
        assertThat(closed).isTrue();
    }
}
