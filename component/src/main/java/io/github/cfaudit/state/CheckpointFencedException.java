package io.github.cfaudit.state;

/**
 * Another node committed a source's checkpoint since this run loaded it: this run is stale (it lost its trigger while
 * frozen, or a {@code --once} ran beside the cluster) and must stop without delivering or committing anything more.
 */
public final class CheckpointFencedException extends RuntimeException {
    private final String source;
    private final String otherNode;

    public CheckpointFencedException(String source, String otherNode, String message) {
        super(message);
        this.source = source;
        this.otherNode = otherNode;
    }

    public String source() {
        return source;
    }

    public String otherNode() {
        return otherNode;
    }
}
