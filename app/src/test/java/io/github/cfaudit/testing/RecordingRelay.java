package io.github.cfaudit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on a loopback port that passes every connection on to {@code upstream} unchanged and keeps the bytes the
 * client sent, connection by connection: what really went on the wire, byte for byte, before any server parsed it.
 */
public final class RecordingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int upstream;
    private final List<ByteArrayOutputStream> connections = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    private RecordingRelay(int upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "recording-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay to {@code 127.0.0.1:<upstreamPort>}. */
    public static RecordingRelay to(int upstreamPort) throws IOException {
        return new RecordingRelay(upstreamPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * The request heads each connection carried, in order ({@code GET ... HTTP/1.1\r\n...\r\n\r\n}), as text; after a
     * CONNECT tunnel's bytes (TLS) nothing more is read. Bodies are not expected: the requests are GETs and CONNECTs.
     */
    public synchronized List<List<String>> requestHeads() {
        List<List<String>> all = new ArrayList<>();
        for (ByteArrayOutputStream recorded : connections) {
            String bytes = recorded.toString(StandardCharsets.ISO_8859_1);
            List<String> heads = new ArrayList<>();
            int at = 0;
            while (at < bytes.length() && Character.isUpperCase(bytes.charAt(at))) {
                int end = bytes.indexOf("\r\n\r\n", at);
                if (end < 0) {
                    break;
                }
                heads.add(bytes.substring(at, end + 4));
                at = end + 4;
            }
            all.add(heads);
        }
        return all;
    }

    /**
     * Every HTTP/1.1 request the client sent, head and body (by {@code Content-Length}; a chunked transfer encoding is
     * not expected), all connections together, in the order the connections were opened.
     */
    public synchronized List<HttpRequest> httpRequests() {
        List<HttpRequest> all = new ArrayList<>();
        for (ByteArrayOutputStream recorded : connections) {
            byte[] bytes = recorded.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int at = 0;
            while (at < bytes.length) {
                int end = text.indexOf("\r\n\r\n", at);
                if (end < 0) {
                    break;
                }
                String[] lines = text.substring(at, end).split("\r\n");
                java.util.Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(
                            lines[i].substring(0, colon).trim(),
                            lines[i].substring(colon + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
                int bodyStart = end + 4;
                int bodyEnd = Math.min(bytes.length, bodyStart + length);
                all.add(new HttpRequest(lines[0], headers, java.util.Arrays.copyOfRange(bytes, bodyStart, bodyEnd)));
                at = bodyEnd;
            }
        }
        return all;
    }

    /** One recorded request: {@code PUT /bucket/key HTTP/1.1}, its headers (case-insensitive names), its body. */
    public record HttpRequest(String requestLine, java.util.Map<String, String> headers, byte[] body) {
        public String method() {
            return requestLine.substring(0, requestLine.indexOf(' '));
        }

        /** The request target without the query. */
        public String path() {
            String target = requestLine.split(" ")[1];
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** Every request head, all connections together, in the order the connections were opened. */
    public List<String> allRequestHeads() {
        return requestHeads().stream().flatMap(List::stream).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket up = new Socket(InetAddress.getLoopbackAddress(), upstream);
                ByteArrayOutputStream recorded = new ByteArrayOutputStream();
                synchronized (this) {
                    connections.add(recorded);
                    sockets.add(client);
                    sockets.add(up);
                }
                pump(client.getInputStream(), up.getOutputStream(), recorded, up);
                pump(up.getInputStream(), client.getOutputStream(), null, client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void pump(InputStream in, OutputStream out, ByteArrayOutputStream recorded, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (recorded != null) {
                        synchronized (this) {
                            recorded.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // one side went away: so does the other
                try {
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Override
    public synchronized void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
