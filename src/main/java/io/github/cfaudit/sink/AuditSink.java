package io.github.cfaudit.sink;

import io.github.cfaudit.config.SourceConfig;

/**
 * A destination for audit entries. Entries arrive a page at a time: the source opens a {@link PageBatch}, adds the
 * entries the sink's predicate selected, and flushes it; only when every sink's flush returned does the checkpoint
 * move past the page. Implementations are shared by every source, so batches must not share mutable state
 * unsafely.
 */
public interface AuditSink extends AutoCloseable {

    /** The configured name ({@code cfaudit.sink.<name>}). */
    String name();

    /** A new, empty batch for one page of the given source. */
    PageBatch newBatch(SourceConfig source);

    /** Releases connections and files; called when the routes stop. */
    @Override
    default void close() throws Exception {
    }
}
