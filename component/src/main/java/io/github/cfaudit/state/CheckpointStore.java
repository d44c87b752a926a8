package io.github.cfaudit.state;

import java.util.Optional;

/**
 * Keeps one {@link Checkpoint} per source. {@link #save} must be atomic: after a crash at any point, {@link #load}
 * returns the old or the new checkpoint, never a mix.
 */
public interface CheckpointStore {

    Optional<Checkpoint> load(String source);

    void save(String source, Checkpoint checkpoint);

    /**
     * Prepares {@code checkpoint} while the sinks flush the page it covers, so that only the switch is left once
     * they accepted it: {@link Staged#publish()} makes it current (atomically, as {@link #save}); {@link
     * Staged#discard()} drops it. Nothing staged is ever visible to {@link #load} before it is published. The
     * default prepares nothing ahead.
     */
    default Staged stage(String source, Checkpoint checkpoint) {
        return new Staged() {
            @Override
            public void publish() {
                save(source, checkpoint);
            }

            @Override
            public void discard() {}
        };
    }

    /** A checkpoint prepared by {@link #stage}: published or discarded exactly once. */
    interface Staged {
        void publish();

        void discard();
    }
}
