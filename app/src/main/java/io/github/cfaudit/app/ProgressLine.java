package io.github.cfaudit.app;

import io.github.cfaudit.operations.Progress;
import java.io.PrintStream;
import java.util.function.Consumer;

/** {@code --once} in a terminal: one line, rewritten in place, with the progress of the run in flight. */
final class ProgressLine implements Consumer<Progress> {
    private final PrintStream out;
    private long lastPrint;
    private boolean printed;

    private ProgressLine(PrintStream out) {
        this.out = out;
    }

    /** A live line on the terminal, or nothing when the output is not a terminal (logs, CI, pipes). */
    static ProgressLine forConsole() {
        return new ProgressLine(System.console() != null ? System.err : null);
    }

    @Override
    public synchronized void accept(Progress p) {
        long now = System.nanoTime();
        if (out == null || now - lastPrint < 200_000_000L) {
            return;
        }
        lastPrint = now;
        String text = p.describe();
        out.print("\r" + (text.length() > 118 ? text.substring(0, 118) : String.format("%-118s", text)));
        out.flush();
        printed = true;
    }

    synchronized void end() {
        if (out != null && printed) {
            out.println();
        }
    }
}
