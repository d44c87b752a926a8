package io.github.cfaudit.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Message;

/** Reading a page response's body, the one copy a page takes on its way in. */
final class ResponseBody {
    /** Bodies announced up to this size are read into an array of that size at once. */
    private static final long DIRECT_READ_LIMIT = 16L << 20;

    private ResponseBody() {}

    /**
     * The response body, read once into an array of its announced length: the HTTP endpoint hands over the raw
     * stream ({@code disableStreamCache}) instead of copying it into a stream cache and from there into an array.
     * A body cut short fails here with the client's "premature end" I/O error, which is retried like any other.
     */
    static byte[] read(Message m) throws IOException {
        Object body = m.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof InputStream in) {
            try (in) {
                Long length = m.getHeader("Content-Length", Long.class);
                if (length != null && length >= 0 && length < Integer.MAX_VALUE - 8) {
                    // an ordinary page straight into the final array (readNBytes(int) collects chunks and copies them
                    // once more); an announced length past that grows with what really arrives
                    byte[] bytes;
                    int read;
                    if (length <= DIRECT_READ_LIMIT) {
                        bytes = new byte[length.intValue()];
                        read = in.readNBytes(bytes, 0, bytes.length);
                    } else {
                        bytes = in.readNBytes(length.intValue());
                        read = bytes.length;
                    }
                    if (read < length) {
                        throw new EOFException("the response ended after " + read + " of its " + length + " bytes");
                    }
                    return bytes;
                }
                return in.readAllBytes();
            }
        }
        byte[] bytes = m.getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }
}
