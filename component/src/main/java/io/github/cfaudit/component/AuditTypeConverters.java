package io.github.cfaudit.component;

import io.github.cfaudit.cloudflare.AuditEntries;
import io.github.cfaudit.cloudflare.AuditEntry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Function;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.SimpleTypeConverter;

/**
 * What an entry and a page body are as text or bytes: the exact JSON Cloudflare sent. An {@link AuditEntry} is its
 * JSON (so {@code to("file:...")} after {@code split(body())} writes it as is); a page ({@link AuditEntries}) is
 * NDJSON, one entry per line, each ending in LF (so {@code to("file:...")} of a whole page, and a {@code file:}
 * dead-letter channel, write the page). Only these two types: a plain {@code List} in the host's context converts as
 * it did before.
 */
final class AuditTypeConverters {
    private AuditTypeConverters() {}

    static void register(TypeConverterRegistry registry) {
        // an entry's bytes may be cached in it (or be the page body): the byte[] a caller gets is a copy it may change
        register(registry, AuditEntry.class, e -> e.jsonBytes().clone(), AuditEntry::jsonBytes, AuditEntry::json);
        register(registry, AuditEntries.class, AuditEntries::ndjson, AuditEntries::ndjson, AuditEntries::ndjsonText);
    }

    private static <T> void register(
            TypeConverterRegistry registry,
            Class<T> from,
            Function<T, byte[]> ownBytes,
            Function<T, byte[]> readOnlyBytes,
            Function<T, String> text) {
        registry.addTypeConverter(String.class, from, converter(from, text));
        registry.addTypeConverter(byte[].class, from, converter(from, ownBytes));
        registry.addTypeConverter(
                InputStream.class, from, converter(from, readOnlyBytes.andThen(ByteArrayInputStream::new)));
    }

    private static <T> SimpleTypeConverter converter(Class<T> from, Function<T, ?> conversion) {
        return new SimpleTypeConverter(false, (type, exchange, value) -> conversion.apply(from.cast(value)));
    }
}
