package io.github.cfaudit.sink.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 protocol server for the tests: s3proxy over HTTP on 127.0.0.1, AWS SigV4 authentication, path-style,
 * in-memory storage that survives {@link #stop()} and {@link #start()} (same port), so a test can take the server
 * away and bring it back.
 *
 * <p>s3proxy runs from its self-contained jar (copied to {@code target/s3proxy} by {@code mvn verify}) in a class
 * loader of its own: its Jackson 3 and AWS SDK versions differ from the test class path's.
 *
 * <p>The objects are read back with the AWS SDK directly ({@link #client()}), never through the sink's code.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "cfaudit-test-access";
    static final String SECRET_KEY = "s3cr3t-9c1f-never-logged";
    private static final String S3PROXY_VERSION = "4.1.0";
    private static ClassLoader loader;

    private final Object blobStore;
    private final int port;
    private Object proxy;
    private S3Client client;

    private S3ProxyServer() throws Exception {
        this.blobStore = isolated("org.gaul.s3proxy.nio2blob.TransientNio2BlobStore")
                .getConstructor()
                .newInstance();
        this.port = freePort();
    }

    /** A server with its port chosen, not started: a test can configure a sink against it before it runs. */
    static S3ProxyServer create() {
        try {
            return new S3ProxyServer();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up s3proxy", e);
        }
    }

    /** Starts (or restarts) the server on its port, keeping the stored objects. */
    synchronized S3ProxyServer start() {
        if (proxy != null) {
            return this;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> proxyClass = isolated("org.gaul.s3proxy.S3Proxy");
            Object builder = proxyClass.getMethod("builder").invoke(null);
            Class<?> b = builder.getClass();
            b.getMethod("blobStore", isolated("org.gaul.s3proxy.blobstore.BlobStore"))
                    .invoke(builder, blobStore);
            b.getMethod("endpoint", URI.class).invoke(builder, URI.create("http://127.0.0.1:" + port));
            Class<?> authType = isolated("org.gaul.s3proxy.auth.AuthenticationType");
            b.getMethod("awsAuthentication", authType, String.class, String.class)
                    .invoke(
                            builder,
                            authType.getMethod("valueOf", String.class).invoke(null, "AWS_V4"),
                            ACCESS_KEY,
                            SECRET_KEY);
            Object p = b.getMethod("build").invoke(builder);
            proxyClass.getMethod("start").invoke(p);
            Method state = proxyClass.getMethod("getState");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(state.invoke(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + state.invoke(p));
                }
                Thread.onSpinWait();
            }
            proxy = p;
            return this;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Stops the server: connections to its port are refused until {@link #start()}. */
    synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.getClass().getMethod("stop").invoke(proxy);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
        proxy = null;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates a bucket directly in the store (works while the server is stopped too). */
    void createBucket(String bucket) {
        try {
            isolated("org.gaul.s3proxy.blobstore.BlobStore")
                    .getMethod("createContainer", String.class)
                    .invoke(blobStore, bucket);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sink properties pointing a sink at this server with the right credentials. */
    Map<String, String> sinkProperties(String sink, String bucket) {
        String p = "cfaudit.sink." + sink + ".";
        return Map.of(
                p + "type",
                "s3",
                p + "bucket",
                bucket,
                p + "endpoint",
                endpoint(),
                p + "path-style",
                "true",
                p + "access-key",
                ACCESS_KEY,
                p + "secret-key",
                SECRET_KEY);
    }

    /** An independent reader: the AWS SDK's own client, configured here, not by the sink. */
    synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
        }
        return client;
    }

    /** Every key in the bucket below {@code prefix}, sorted. */
    List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : client().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                .contents()) {
            keys.add(o.key());
        }
        keys.sort(null);
        return keys;
    }

    /** One object as stored: its headers and its NDJSON lines (gunzipped when its Content-Encoding says gzip). */
    StoredObject read(String bucket, String key) {
        ResponseBytes<GetObjectResponse> bytes =
                client().getObjectAsBytes(r -> r.bucket(bucket).key(key));
        GetObjectResponse response = bytes.response();
        byte[] raw = bytes.asByteArray();
        byte[] content = raw;
        if ("gzip".equals(response.contentEncoding())) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                content = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(key + " is not gzip", e);
            }
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            throw new AssertionError(key + " does not end with a newline");
        }
        return new StoredObject(
                key, response, raw, List.of(text.substring(0, text.length() - 1).split("\n", -1)));
    }

    /** Every object below {@code prefix} as stored, by key, without reading lines ({@code lines} empty): Parquet. */
    Map<String, StoredObject> readAllBinary(String bucket, String prefix) {
        Map<String, StoredObject> all = new TreeMap<>();
        for (String key : keys(bucket, prefix)) {
            ResponseBytes<GetObjectResponse> bytes =
                    client().getObjectAsBytes(r -> r.bucket(bucket).key(key));
            all.put(key, new StoredObject(key, bytes.response(), bytes.asByteArray(), List.of()));
        }
        return all;
    }

    /** Every object below {@code prefix}, by key. */
    Map<String, StoredObject> readAll(String bucket, String prefix) {
        Map<String, StoredObject> all = new TreeMap<>();
        for (String key : keys(bucket, prefix)) {
            all.put(key, read(bucket, key));
        }
        return all;
    }

    record StoredObject(String key, GetObjectResponse response, byte[] raw, List<String> lines) {
        @Override
        public String toString() {
            return key + " (" + lines.size() + " lines)";
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (client != null) {
            client.close();
        }
    }

    private static synchronized Class<?> isolated(String name) throws ClassNotFoundException {
        if (loader == null) {
            // s3proxy logs through its own logback: quiet, and without logback's start-up chatter
            System.setProperty("LOG_LEVEL", "warn");
            System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
            loader = new URLClassLoader(new URL[] {jarUrl()}, ClassLoader.getPlatformClassLoader());
        }
        return Class.forName(name, true, loader);
    }

    private static URL jarUrl() {
        Path copied = Path.of("app", "target", "s3proxy", "s3proxy-jar-with-dependencies.jar");
        String repo = System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path local = Path.of(
                repo,
                "org",
                "gaul",
                "s3proxy",
                S3PROXY_VERSION,
                "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar");
        for (Path p : List.of(copied, local)) {
            if (Files.isRegularFile(p)) {
                try {
                    return p.toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("s3proxy's jar-with-dependencies is neither at " + copied.toAbsolutePath()
                + " nor at " + local + ": run the tests with 'mvn verify', which copies it there");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
