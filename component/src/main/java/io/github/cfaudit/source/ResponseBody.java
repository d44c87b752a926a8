package io.github.cfaudit.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reading a page response's body, the one copy a page takes on its way in. */
final class ResponseBody {
    /** Bodies announced up to this size are read into an array of that size at once. */
    private static final long DIRECT_READ_LIMIT = 16L << 20;

    private ResponseBody() {}

    /**
     * The response body, read once from the client's stream into an array of its announced length (no intermediate
     * buffer or copy). A body cut short fails here (or earlier, with the client's "premature end" I/O error), and is
     * retried like any other I/O failure.
     *
     * @param in            the entity's stream, closed here; null: no body
     * @param contentLength the announced length ({@code Content-Length}), or a negative number when unknown
     */
    static byte[] read(InputStream in, long contentLength) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            if (contentLength >= 0 && contentLength < Integer.MAX_VALUE - 8) {
                // an ordinary page straight into the final array (readNBytes(int) collects chunks and copies them
                // once more); an announced length past that grows with what really arrives
                byte[] bytes;
                int read;
                if (contentLength <= DIRECT_READ_LIMIT) {
                    bytes = new byte[(int) contentLength];
                    read = in.readNBytes(bytes, 0, bytes.length);
                } else {
                    bytes = in.readNBytes((int) contentLength);
                    read = bytes.length;
                }
                if (read < contentLength) {
                    throw new EOFException("the response ended after " + read + " of its " + contentLength + " bytes");
                }
                return bytes;
            }
            return in.readAllBytes();
        }
    }
}
