package io.github.cfaudit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

/** The response body as the page parser gets it, from the raw stream the HTTP endpoint hands over. */
class ReadBodyTest {
    private final DefaultCamelContext context = new DefaultCamelContext();

    private Message message(byte[] body, Long contentLength) {
        Message m = new DefaultMessage(context);
        m.setBody(new ByteArrayInputStream(body));
        if (contentLength != null) {
            m.setHeader("Content-Length", contentLength);
        }
        return m;
    }

    @Test
    void readsTheAnnouncedLength() throws Exception {
        byte[] body = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
        assertThat(ResponseBody.read(message(body, (long) body.length))).isEqualTo(body);
    }

    @Test
    void readsToTheEndWithoutALength() throws Exception {
        byte[] body = new byte[300_000];
        java.util.Arrays.fill(body, (byte) 'x');
        assertThat(ResponseBody.read(message(body, null))).isEqualTo(body);
    }

    @Test
    void aBodyShorterThanAnnouncedIsAnIoErrorNotAShortPage() {
        byte[] body = "{\"success\":true,\"result\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ResponseBody.read(message(body, body.length + 100L)))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("after " + body.length + " of its " + (body.length + 100));
    }

    @Test
    void noBodyIsEmpty() throws Exception {
        Message m = new DefaultMessage(context);
        assertThat(ResponseBody.read(m)).isEmpty();
    }
}
