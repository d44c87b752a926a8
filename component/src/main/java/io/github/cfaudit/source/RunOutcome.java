package io.github.cfaudit.source;

/** How a run of a source ended. */
public enum RunOutcome {
    /** Read to the end of its window; the watermark is at the window's end. */
    COMPLETE,
    /** Stopped early on purpose (page cap reached, or a cursor repeated); committed what it delivered. */
    INCOMPLETE,
    /** An error stopped it; the checkpoint is at the last page every sink accepted. */
    FAILED
}
