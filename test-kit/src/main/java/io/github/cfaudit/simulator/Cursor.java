package io.github.cfaudit.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opaque cursor: base64url of a fingerprint of the query (path and every parameter but {@code cursor}),
 * a nonce (so every issued cursor is fresh) and the key of the last entry delivered ({@code null} = start).
 */
record Cursor(String fingerprint, long nonce, EntryKey after) {

    private static final AtomicLong NONCES = new AtomicLong(System.nanoTime() & 0xffffffL);

    static String issue(String fingerprint, EntryKey after) {
        StringBuilder sb = new StringBuilder("c1\n")
                .append(fingerprint)
                .append('\n')
                .append(NONCES.incrementAndGet())
                .append('\n');
        if (after == null) {
            sb.append('-');
        } else {
            sb.append(after.time().getEpochSecond())
                    .append('\n')
                    .append(after.time().getNano())
                    .append('\n')
                    .append(after.seq())
                    .append('\n')
                    .append(after.id());
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor; anything malformed is a 400. */
    static Cursor decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] p = text.split("\n", 7);
            if (!"c1".equals(p[0])) {
                throw new IllegalArgumentException("bad version");
            }
            long nonce = Long.parseLong(p[2]);
            if (p.length == 4 && "-".equals(p[3])) {
                return new Cursor(p[1], nonce, null);
            }
            Instant time = Instant.ofEpochSecond(Long.parseLong(p[3]), Long.parseLong(p[4]));
            return new Cursor(p[1], nonce, new EntryKey(time, p[6], Long.parseLong(p[5])));
        } catch (RuntimeException e) {
            throw ApiError.badRequest("invalid cursor");
        }
    }

    /** Fingerprint of a request: path plus all parameters except {@code cursor}, order-insensitive. */
    static String fingerprint(String path, Map<String, List<String>> params) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!"cursor".equals(k)) {
                List<String> values = new ArrayList<>(v);
                values.sort(null);
                sorted.put(k, values);
            }
        });
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((path + '\u0000' + sorted).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
