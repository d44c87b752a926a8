import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * The bare-copy limit of the benchmark: pages organization audit logs with the JDK HttpClient and copies each entry's
 * bytes, as the API sent them, to one NDJSON file. No routing, no predicates, no checkpoint, no fsync per page (one at
 * the end): the least work that produces the same lines.
 *
 * <p>Two threads overlap the two halves of the work, so that on two cores neither waits for the other: the main thread
 * requests the next page as soon as the cursor is known, reading the cursor from the tail of the body (the
 * {@code result_info} object follows the {@code result} array, in the simulator as in Cloudflare's answers), and hands
 * the body to the writer thread, which scans it for the entries' boundaries with Jackson's streaming parser and copies
 * their bytes to a 1 MB-buffered file. A body whose tail has no {@code result_info} is parsed whole for its cursor.
 *
 * <p>{@code java -cp bench/target/classes:target/lib/* BareCopy BASE_URL TOKEN ORG SINCE BEFORE OUT [PAGE_SIZE]}
 */
public final class BareCopy {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] RESULT_INFO = "\"result_info\"".getBytes(StandardCharsets.US_ASCII);
    /** Pages fetched ahead of the writer at most (about 1 MB each at 1,000 entries per page). */
    private static final int AHEAD = 4;
    /** The writer's end-of-run marker. */
    private static final byte[] END = new byte[0];

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String token = args[1];
        String org = args[2];
        String query = "since=" + enc(args[3]) + "&before=" + enc(args[4]) + "&direction=asc&limit="
                + (args.length > 6 ? args[6] : "1000");
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        BlockingQueue<byte[]> bodies = new ArrayBlockingQueue<>(AHEAD);
        FutureTask<Long> writer = new FutureTask<>(() -> write(bodies, args[5]));
        Thread writerThread = new Thread(writer, "bare-writer");
        writerThread.start();
        int pages = 0;
        try {
            String cursor = null;
            do {
                URI uri = URI.create(baseUrl + "/organizations/" + org + "/logs/audit?" + query
                        + (cursor == null ? "" : "&cursor=" + enc(cursor)));
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .GET()
                        .build();
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " on page " + (pages + 1) + ": "
                            + new String(response.body(), StandardCharsets.UTF_8));
                }
                pages++;
                byte[] body = response.body();
                ResultInfo info = resultInfo(body);
                cursor = info.count == 0 || info.cursor == null || info.cursor.isEmpty() ? null : info.cursor;
                hand(bodies, body, writer);
            } while (cursor != null);
            hand(bodies, END, writer);
        } catch (Exception e) {
            writerThread.interrupt();
            throw e;
        }
        long entries;
        try {
            entries = writer.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        System.out.println("bare: " + pages + " pages, " + entries + " entries");
    }

    /** Queues a body for the writer, giving up if the writer has failed. */
    private static void hand(BlockingQueue<byte[]> bodies, byte[] body, FutureTask<Long> writer) throws Exception {
        while (!bodies.offer(body, 100, TimeUnit.MILLISECONDS)) {
            if (writer.isDone()) {
                writer.get(); // throws the writer's failure
                throw new IOException("the writer stopped early");
            }
        }
    }

    /** The writer thread: every entry of every body, in order, one line each; one fsync at the end. */
    private static long write(BlockingQueue<byte[]> bodies, String path) throws IOException, InterruptedException {
        long entries = 0;
        try (FileOutputStream file = new FileOutputStream(path);
                BufferedOutputStream out = new BufferedOutputStream(file, 1 << 20)) {
            for (byte[] body = bodies.take(); body != END; body = bodies.take()) {
                entries += copyEntries(body, out);
            }
            out.flush();
            file.getFD().sync();
        }
        return entries;
    }

    private static long copyEntries(byte[] body, BufferedOutputStream out) throws IOException {
        long entries = 0;
        try (JsonParser p = JSON.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("result".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        int end = (int) p.currentLocation().getByteOffset();
                        out.write(body, start, end - start);
                        out.write('\n');
                        entries++;
                    }
                    return entries; // the rest of the body is result_info, read by the fetching thread
                }
                p.skipChildren();
            }
        }
        return entries;
    }

    /** What paging needs from {@code result_info}: the next cursor and the page's count (-1 when absent). */
    private record ResultInfo(String cursor, long count) {}

    /**
     * Reads {@code result_info} from the tail of the body: the last {@code "result_info"} key is the envelope's (a key
     * of that name inside an entry comes before it, and inside a JSON string the quotes would be escaped), so only the
     * bytes after it are parsed. Falls back to parsing the whole body when the tail has no such object.
     */
    private static ResultInfo resultInfo(byte[] body) throws IOException {
        int at = lastIndexOf(body, RESULT_INFO);
        if (at >= 0) {
            int i = skipSpace(body, at + RESULT_INFO.length);
            if (i < body.length && body[i] == ':') {
                i = skipSpace(body, i + 1);
                if (i < body.length && body[i] == '{') {
                    try (JsonParser p = JSON.createParser(body, i, body.length - i)) {
                        p.nextToken();
                        return readResultInfo(p);
                    }
                }
            }
        }
        try (JsonParser p = JSON.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("result_info".equals(field) && value == JsonToken.START_OBJECT) {
                    return readResultInfo(p);
                }
                p.skipChildren();
            }
        }
        return new ResultInfo(null, -1);
    }

    /** The parser is on the object's START_OBJECT. */
    private static ResultInfo readResultInfo(JsonParser p) throws IOException {
        String cursor = null;
        String cursorsAfter = null;
        long count = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("cursor".equals(name) && v == JsonToken.VALUE_STRING) {
                cursor = p.getText();
            } else if ("count".equals(name) && (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT)) {
                try {
                    count = Long.parseLong(p.getText().trim());
                } catch (NumberFormatException e) {
                    count = -1;
                }
            } else if ("cursors".equals(name) && v == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String n = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_STRING && "after".equals(n)) {
                        cursorsAfter = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return new ResultInfo(cursor == null || cursor.isEmpty() ? cursorsAfter : cursor, count);
    }

    private static int lastIndexOf(byte[] body, byte[] what) {
        for (int i = body.length - what.length; i >= 0; i--) {
            int j = 0;
            while (j < what.length && body[i + j] == what[j]) {
                j++;
            }
            if (j == what.length) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] body, int i) {
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
