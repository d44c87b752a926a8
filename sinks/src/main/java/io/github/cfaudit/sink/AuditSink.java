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

    /**
     * For {@code --check}: probes the destination (reachable, writable, credentials accepted) and returns a short
     * description of what was verified, or throws an exception whose message says what is wrong and how to fix it.
     * Must not write anything that could be taken for audit data.
     */
    default String check() throws Exception {
        return "not probed";
    }

    /**
     * Called once at the end of each run of {@code source} (after its last page): a sink reports what it counted
     * during the run, e.g. the entries its codec found of an unexpected shape.
     */
    default void endRun(SourceConfig source) {}

    /** Releases connections and files; called when the routes stop. */
    @Override
    default void close() throws Exception {}
}
