package io.github.cfaudit.sink.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cfaudit.sink.RecordIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/** The ids of a file's most recent lines, at most {@code capacity}, oldest dropped first. Guarded by the file's lock. */
final class RecentIds {
    private static final JsonFactory JSON = new JsonFactory();
    /** Never read more than this of a file's tail, whatever the line count. */
    private static final long MAX_TAIL_BYTES = 64L << 20;

    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    RecentIds(int capacity) {
        this.capacity = capacity;
    }

    boolean contains(String id) {
        return ids.contains(id);
    }

    void add(String id) {
        if (!ids.add(id)) {
            // known already: it moves to the newest place
            ids.remove(id);
            ids.add(id);
            return;
        }
        if (ids.size() > capacity) {
            Iterator<String> oldest = ids.iterator();
            while (ids.size() > capacity) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** The ids of the last {@code capacity} complete lines of {@code file} (none if it does not exist). */
    static RecentIds fromTail(Path file, int capacity) {
        return fromTail(file, capacity, null);
    }

    /**
     * The ids of the last {@code capacity} complete lines of {@code file}, read by {@code reader} (the records of a
     * sink's codec, see {@link RecordIds}); null: the top-level {@code id} of a verbatim entry.
     */
    static RecentIds fromTail(Path file, int capacity, RecordIds.Reader reader) {
        RecentIds recent = new RecentIds(capacity);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int length = (int) Math.min(size, MAX_TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining() && ch.read(buf, size - length + buf.position()) >= 0) {
                // fill the buffer
            }
            byte[] tail = buf.array();
            List<String> found = new ArrayList<>();
            int lineEnd = -1;
            for (int i = length - 1; i >= 0 && found.size() < capacity; i--) {
                if (tail[i] == '\n') {
                    if (lineEnd >= 0) {
                        addId(found, tail, i + 1, lineEnd, reader);
                    }
                    lineEnd = i;
                }
            }
            if (lineEnd > 0 && found.size() < capacity && size == length) {
                addId(found, tail, 0, lineEnd, reader);
            }
            Collections.reverse(found);
            found.forEach(recent::add);
        } catch (NoSuchFileException e) {
            return recent;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tail of " + file, e);
        }
        return recent;
    }

    private static void addId(List<String> found, byte[] tail, int from, int to, RecordIds.Reader reader) {
        if (reader != null) {
            String id = reader.read(tail, from, to);
            if (id != null) {
                found.add(id);
            }
            return;
        }
        try (JsonParser p = JSON.createParser(tail, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                    found.add(p.getText());
                    return;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // not a JSON line: nothing to remember
        }
    }
}
