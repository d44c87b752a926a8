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

/**
 * The bare-copy limit of the benchmark: pages organization audit logs with the JDK HttpClient and copies each entry's
 * bytes, as the API sent them, to one NDJSON file. No routing, no predicates, no checkpoint, no fsync per page (one at
 * the end): the least work that produces the same lines.
 *
 * <p>{@code java -cp bench/target/classes:target/lib/* BareCopy BASE_URL TOKEN ORG SINCE BEFORE OUT [PAGE_SIZE]}
 */
public final class BareCopy {
    private static final JsonFactory JSON = new JsonFactory();

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
        long entries = 0;
        int pages = 0;
        try (FileOutputStream file = new FileOutputStream(args[5]);
                BufferedOutputStream out = new BufferedOutputStream(file, 1 << 20)) {
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
                long before = entries;
                byte[] body = response.body();
                cursor = null;
                String cursorsAfter = null;
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
                        } else if ("result_info".equals(field) && value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                JsonToken v = p.nextToken();
                                if ("cursor".equals(name) && v == JsonToken.VALUE_STRING) {
                                    cursor = p.getText();
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
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                if (cursor == null || cursor.isEmpty()) {
                    cursor = cursorsAfter;
                }
                if (entries == before || cursor != null && cursor.isEmpty()) {
                    cursor = null;
                }
            } while (cursor != null);
            out.flush();
            file.getFD().sync();
        }
        System.out.println("bare: " + pages + " pages, " + entries + " entries");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
