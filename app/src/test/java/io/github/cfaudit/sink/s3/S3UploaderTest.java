package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.cfaudit.config.ConfigProperties;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upload that breaks off (the server closes the connection while the body is being sent, as s3proxy does when
 * it refuses the signature) is reported with the bucket's answer to a request without a body when that answer is one
 * the upload would have got too, and as "could not be reached" otherwise. The server here does that on every PUT, so
 * the outcome does not depend on who wins the race, unlike against s3proxy (S3SinkFailureIT).
 */
class S3UploaderTest {
    FakeS3 s3;
    DefaultCamelContext context;

    @BeforeEach
    void setUp() throws IOException {
        s3 = new FakeS3();
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        context.close();
        s3.close();
    }

    private S3Uploader uploader() {
        Map<String, String> props = new HashMap<>();
        String p = "cfaudit.sink.arch.";
        props.put(p + "bucket", "audit-archive");
        props.put(p + "endpoint", "http://127.0.0.1:" + s3.port());
        props.put(p + "path-style", "true");
        props.put(p + "access-key", "AKIAIOSFODNN7EXAMPLE");
        props.put(p + "secret-key", "wr0ng-secret-do-not-print");
        S3SinkSettings settings =
                new S3SinkType().parse(ConfigProperties.of(props).section("cfaudit.sink.arch"));
        return new S3Uploader("arch", settings, context);
    }

    private String failedUpload() {
        NdjsonObject object = NdjsonObject.of(
                "cloudflare-audit/acct/2026/11/20/x.ndjson.gz", NdjsonObjectTest.entries(500, 200), true);
        try (S3Uploader uploader = uploader()) {
            return catchThrowableOfType(S3SinkException.class, () -> uploader.put(object))
                    .getMessage();
        }
    }

    private List<String> probes() {
        return s3.requests.stream()
                .filter(r -> r.startsWith("GET /audit-archive") && r.contains("list-type=2"))
                .toList();
    }

    @Test
    void aWrongSecretIsReportedAsSuchEvenWhenTheUploadBrokeOff() {
        s3.listAnswer(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature"
                        + " you provided. Check your key and signing method.");

        String failure = failedUpload();

        assertThat(failure)
                .contains(
                        "S3 sink 'arch'",
                        "403",
                        "SignatureDoesNotMatch",
                        "check access-key and secret-key",
                        "the upload broke off")
                .doesNotContain("could not be reached", "wr0ng-secret-do-not-print");
        assertThat(s3.requests).filteredOn(r -> r.startsWith("PUT ")).isNotEmpty();
        assertThat(probes()).hasSize(1);
    }

    @Test
    void anUnknownAccessKeyAndAMissingBucketAreReportedToo() {
        s3.listAnswer(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        assertThat(failedUpload()).contains("403 InvalidAccessKeyId", "check access-key and secret-key");

        s3.listAnswer(404, "NoSuchBucket", "The specified bucket does not exist");
        assertThat(failedUpload()).contains("404 NoSuchBucket", "does bucket 'audit-archive' exist");
    }

    @Test
    void accessDeniedToTheProbeSaysNothingAboutTheUploadWhichStaysCouldNotBeReached() {
        // a key that may write but not list: the probe's 403 is about the probe, not about the upload
        s3.listAnswer(403, "AccessDenied", "Access Denied");

        String failure = failedUpload();

        assertThat(failure)
                .contains("S3 sink 'arch'", "could not be reached", "http://127.0.0.1:" + s3.port())
                .doesNotContain("AccessDenied");
        assertThat(probes()).hasSize(1);
    }

    @Test
    void aBucketThatAnswersTheProbeLeavesTheUploadsOwnError() {
        s3.listAnswer(200, null, null);

        // no status of the probe in the message (not "403": the server's random port may hold those digits)
        assertThat(failedUpload())
                .contains("could not be reached")
                .doesNotContainPattern("\\b403\\b")
                .doesNotContain("AccessDenied", "InvalidAccessKeyId");
        assertThat(probes()).hasSize(1);
    }

    /**
     * Just enough of S3 over HTTP/1.1: HEAD answers 200, GET answers what {@link #listAnswer} says, and PUT says
     * "100 Continue" and then resets the connection without reading the body.
     */
    static final class FakeS3 implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private volatile String listResponse;

        FakeS3() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                Socket s = server.accept();
                                Thread t = new Thread(() -> serve(s), "fake-s3-connection");
                                t.setDaemon(true);
                                t.start();
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "fake-s3-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** What ListObjectsV2 answers: 200 with no keys, or the error status with an S3 error document. */
        void listAnswer(int status, String code, String message) {
            String body = status == 200
                    ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/"
                            + "2006-03-01/\"><Name>audit-archive</Name><Prefix>cloudflare-audit/</Prefix><KeyCount>0"
                            + "</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>"
                    : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                            + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
            listResponse = response(status, body);
        }

        private static String response(int status, String body) {
            return "HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Error") + "\r\n"
                    + "x-amz-request-id: 4442587FB7D0A2F9\r\nContent-Type: application/xml\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String requestLine = readLine(in);
                    if (requestLine == null || requestLine.isEmpty()) {
                        return;
                    }
                    requests.add(requestLine);
                    Map<String, String> headers = new HashMap<>();
                    for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                        int colon = h.indexOf(':');
                        headers.put(
                                h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                h.substring(colon + 1).trim());
                    }
                    String method = requestLine.substring(0, requestLine.indexOf(' '));
                    if (method.equals("PUT")) {
                        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                        socket.setSoLinger(true, 0); // closing now resets the connection: the body is never read
                        return;
                    }
                    in.skipNBytes(Long.parseLong(headers.getOrDefault("content-length", "0")));
                    String answer =
                            method.equals("GET") ? listResponse : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                    out.write(answer.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                // the client went away
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
