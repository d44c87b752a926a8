package io.github.cfaudit.sink.manifest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The bytes of a manifest file: {@code {"manifest":BODY,"signature":"BASE64"}} and a newline, where BODY is the
 * manifest as compact JSON with its fields in a fixed order (UTF-8), and the signature is Ed25519 over exactly those
 * BODY bytes. A reader takes BODY as it stands in the file, between the fixed head and the signature field, so
 * nothing is serialized again to check a signature.
 */
public final class ManifestFormat {
    static final byte[] HEAD = "{\"manifest\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SIGNATURE = ",\"signature\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TAIL = "\"}\n".getBytes(StandardCharsets.US_ASCII);

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestFormat() {}

    /** A manifest file as read: the manifest, the bytes that were signed, the signature and the file's SHA-256. */
    public record Signed(Manifest manifest, byte[] body, String signature, String fileSha256) {}

    /** Why a manifest file cannot be read. */
    public static final class MalformedManifestException extends Exception {
        MalformedManifestException(String message) {
            super(message);
        }
    }

    /** The canonical body of {@code m}. */
    static byte[] body(Manifest m) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(512 + 320 * m.items().size());
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format", Manifest.FORMAT);
            g.writeStringField("sink", m.sink());
            g.writeStringField("sinkType", m.sinkType());
            g.writeStringField("location", m.location());
            g.writeStringField("source", m.source());
            g.writeNumberField("sequence", m.sequence());
            g.writeStringField("createdAt", m.createdAt().toString());
            g.writeStringField("keyFingerprint", m.keyFingerprint());
            if (m.previous() == null) {
                g.writeNullField("previous");
            } else {
                g.writeObjectFieldStart("previous");
                g.writeStringField("path", m.previous().path());
                g.writeNumberField("sequence", m.previous().sequence());
                g.writeStringField("sha256", m.previous().sha256());
                g.writeStringField("signature", m.previous().signature());
                g.writeEndObject();
            }
            g.writeNumberField("entries", m.entries());
            g.writeNumberField("bytes", m.bytes());
            g.writeArrayFieldStart("items");
            for (Manifest.Item i : m.items()) {
                g.writeStartObject();
                if (i.object()) {
                    g.writeStringField("object", i.path());
                    g.writeNumberField("bytes", i.bytes());
                    g.writeNumberField("storedBytes", i.storedBytes());
                } else {
                    g.writeStringField("file", i.path());
                    g.writeNumberField("from", i.from());
                    g.writeNumberField("to", i.to());
                }
                g.writeStringField("sha256", i.sha256());
                g.writeNumberField("entries", i.entries());
                text(g, "firstId", i.firstId());
                text(g, "lastId", i.lastId());
                text(
                        g,
                        "firstEventTime",
                        i.firstEventTime() == null ? null : i.firstEventTime().toString());
                text(
                        g,
                        "lastEventTime",
                        i.lastEventTime() == null ? null : i.lastEventTime().toString());
                g.writeBooleanField("recovered", i.recovered());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    /** The file of {@code m} signed with {@code key}. */
    public static byte[] sign(Manifest m, SigningKey key) {
        byte[] body = body(m);
        byte[] signature = Base64.getEncoder().encode(key.sign(body));
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(HEAD.length + body.length + SIGNATURE.length + signature.length + 3);
        out.writeBytes(HEAD);
        out.writeBytes(body);
        out.writeBytes(SIGNATURE);
        out.writeBytes(signature);
        out.writeBytes(TAIL);
        return out.toByteArray();
    }

    /** Reads a manifest file; the signature is not checked here. */
    public static Signed parse(byte[] file) throws MalformedManifestException {
        if (!startsWith(file, HEAD) || !endsWith(file, TAIL)) {
            throw new MalformedManifestException("not a manifest file (it must start with {\"manifest\": and end with "
                    + "the signature field and a newline)");
        }
        int sig = lastIndexOf(file, SIGNATURE);
        if (sig < HEAD.length) {
            throw new MalformedManifestException("no signature field");
        }
        byte[] body = Arrays.copyOfRange(file, HEAD.length, sig);
        String signature = new String(
                file,
                sig + SIGNATURE.length,
                file.length - TAIL.length - sig - SIGNATURE.length,
                StandardCharsets.US_ASCII);
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedManifestException("its body is not JSON");
        }
        if (n == null
                || !n.isObject()
                || !Manifest.FORMAT.equals(n.path("format").asText())) {
            throw new MalformedManifestException("its body is not a " + Manifest.FORMAT + " manifest");
        }
        try {
            Manifest.Link previous = null;
            JsonNode p = n.get("previous");
            if (p != null && !p.isNull()) {
                previous = new Manifest.Link(
                        req(p, "path"), p.path("sequence").asLong(), req(p, "sha256"), req(p, "signature"));
            }
            List<Manifest.Item> items = new ArrayList<>();
            for (JsonNode i : n.path("items")) {
                boolean object = i.has("object");
                long from = object ? 0 : i.path("from").asLong();
                long to = object ? i.path("bytes").asLong() : i.path("to").asLong();
                items.add(new Manifest.Item(
                        req(i, object ? "object" : "file"),
                        object,
                        from,
                        to,
                        object ? i.path("storedBytes").asLong() : to - from,
                        req(i, "sha256"),
                        i.path("entries").asLong(),
                        opt(i, "firstId"),
                        opt(i, "lastId"),
                        instant(opt(i, "firstEventTime")),
                        instant(opt(i, "lastEventTime")),
                        i.path("recovered").asBoolean()));
            }
            Manifest m = new Manifest(
                    req(n, "sink"),
                    req(n, "sinkType"),
                    req(n, "location"),
                    req(n, "source"),
                    n.path("sequence").asLong(),
                    Instant.parse(req(n, "createdAt")),
                    req(n, "keyFingerprint"),
                    previous,
                    items);
            return new Signed(m, body, signature, ManifestKeys.sha256Hex(file));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new MalformedManifestException("a field is missing or malformed: " + e.getMessage());
        }
    }

    private static String req(JsonNode n, String field) throws MalformedManifestException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedManifestException("the field " + field + " is missing");
        }
        return v.asText();
    }

    private static String opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean endsWith(byte[] a, byte[] suffix) {
        return a.length >= suffix.length
                && Arrays.equals(a, a.length - suffix.length, a.length, suffix, 0, suffix.length);
    }

    private static int lastIndexOf(byte[] a, byte[] needle) {
        for (int i = a.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(a, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
