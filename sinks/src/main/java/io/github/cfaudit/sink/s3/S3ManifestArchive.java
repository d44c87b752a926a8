package io.github.cfaudit.sink.s3;

import io.github.cfaudit.sink.manifest.ManifestArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 sink's prefix as a manifest archive: data under {@code <prefix><source>/...}, manifests under
 * {@code <prefix>_manifests/<source>/<sequence>.json}. Reads go through the sink's own S3 client (endpoint, proxy,
 * credentials); manifests are stored through the uploader's put path, as the data objects are.
 */
public final class S3ManifestArchive implements ManifestArchive {
    static final String MANIFESTS = "_manifests/";

    private final S3SinkSettings settings;
    private final Supplier<S3Client> client;
    /** Null when only reading ({@code --verify}). */
    private final S3Uploader uploader;

    S3ManifestArchive(S3SinkSettings settings, Supplier<S3Client> client, S3Uploader uploader) {
        this.settings = settings;
        this.client = client;
        this.uploader = uploader;
    }

    /** For {@code --verify}: reads with a client built as the sink builds its own. */
    public static S3ManifestArchive reader(S3SinkSettings settings) {
        S3Client c = S3Uploader.newClient(settings);
        return new S3ManifestArchive(settings, () -> c, null);
    }

    @Override
    public String sinkType() {
        return "s3";
    }

    @Override
    public String location() {
        return "s3://" + settings.bucket() + "/" + settings.prefix();
    }

    @Override
    public boolean ranges() {
        return false;
    }

    private String manifestPrefix(String source) {
        return settings.prefix() + MANIFESTS + source + "/";
    }

    @Override
    public SortedSet<String> manifestNames(String source) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        String p = manifestPrefix(source);
        for (S3Object o : list(p)) {
            String name = o.key().substring(p.length());
            if (!name.contains("/") && name.endsWith(".json")) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public byte[] readManifest(String source, String name) throws IOException {
        String key = manifestPath(source, name);
        try {
            return client.get()
                    .getObjectAsBytes(r -> r.bucket(settings.bucket()).key(key))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + settings.bucket() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeManifest(String source, String name, byte[] content) throws IOException {
        if (uploader == null) {
            throw new IllegalStateException("a reader does not write manifests");
        }
        try {
            uploader.putManifest(manifestPath(source, name), content);
        } catch (S3SinkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String manifestPath(String source, String name) {
        return manifestPrefix(source) + name;
    }

    @Override
    public Set<String> sources() throws IOException {
        Set<String> sources = new TreeSet<>();
        String prefix = settings.prefix();
        for (S3Object o : list(prefix)) {
            String rest = o.key().substring(prefix.length());
            if (rest.startsWith(MANIFESTS)) {
                rest = rest.substring(MANIFESTS.length());
            }
            int slash = rest.indexOf('/');
            if (slash > 0 && !rest.startsWith(".")) {
                sources.add(rest.substring(0, slash));
            }
        }
        return sources;
    }

    @Override
    public Map<String, Long> data(String source) throws IOException {
        Map<String, Long> data = new TreeMap<>();
        for (S3Object o : list(settings.prefix() + source + "/")) {
            data.put(o.key(), o.size());
        }
        return data;
    }

    @Override
    public long completeLength(String path) throws IOException {
        return data(path).getOrDefault(path, 0L);
    }

    @Override
    public Content read(String key, long from, long to) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long lines = 0;
        long bytes = 0;
        long stored;
        try (ResponseInputStream<GetObjectResponse> raw =
                client.get().getObject(r -> r.bucket(settings.bucket()).key(key))) {
            stored = raw.response().contentLength();
            boolean gzip = "gzip".equalsIgnoreCase(raw.response().contentEncoding()) || key.endsWith(".gz");
            try (InputStream in = gzip ? new GZIPInputStream(raw, 64 * 1024) : raw) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                    bytes += n;
                }
            }
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + settings.bucket() + "/" + key + ": " + e.getMessage(), e);
        }
        return new Content(HexFormat.of().formatHex(md.digest()), bytes, lines, stored);
    }

    private Iterable<S3Object> list(String prefix) throws IOException {
        try {
            java.util.List<S3Object> all = new java.util.ArrayList<>();
            client.get()
                    .listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(prefix))
                    .contents()
                    .forEach(all::add);
            return all;
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + settings.bucket() + "/" + prefix + ": " + e.getMessage(), e);
        }
    }
}
