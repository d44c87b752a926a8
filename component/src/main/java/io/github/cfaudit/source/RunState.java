package io.github.cfaudit.source;

/**
 * Where a run of a source stands. It starts {@link Running} (or {@link WindowEmpty}: nothing to read yet) and ends in
 * exactly one of the others; the paging rule ({@link Paging}) makes the move after each page.
 */
public sealed interface RunState {
    RunState RUNNING = new Running();
    RunState REACHED_END = new ReachedEnd();

    /** There is a next page to get. */
    record Running() implements RunState {}

    /** An empty page or no next cursor: the whole window was read, the watermark moves to its end. */
    record ReachedEnd() implements RunState {}

    /** The window is empty (a run started within the settle delay of the last one): nothing to ask for. */
    record WindowEmpty(String reason) implements RunState {}

    /** Stopped early on purpose (page cap, repeated cursor): what was delivered is committed, the rest waits. */
    record Stopped(String reason) implements RunState {}

    /** True when the run read all there is to read now. */
    default boolean complete() {
        return this instanceof ReachedEnd || this instanceof WindowEmpty;
    }

    /** Why the run stopped, or null while running or at the end. */
    default String reason() {
        return this instanceof Stopped s ? s.reason() : this instanceof WindowEmpty w ? w.reason() : null;
    }
}
