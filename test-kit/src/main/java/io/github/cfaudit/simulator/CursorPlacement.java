package io.github.cfaudit.simulator;

/**
 * Where the audit-log v2 endpoints put the next-page cursor. The spec and docs use
 * {@code result_info.cursor}; the official TypeScript SDK reads {@code result_info.cursors.after}.
 * The insight audit-log endpoints always use {@code result_info.cursor}.
 */
public enum CursorPlacement {
    /** {@code "result_info":{"count":"n","cursor":"..."}} (default). */
    CURSOR,
    /** {@code "result_info":{"count":"n","cursors":{"after":"..."}}}. */
    CURSORS_AFTER,
    /** Both of the above, carrying the same value. */
    BOTH
}
