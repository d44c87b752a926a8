package io.github.cfaudit.state;

import java.util.Optional;

/**
 * Keeps one {@link Checkpoint} per source. {@link #save} must be atomic: after a crash at any point, {@link #load}
 * returns the old or the new checkpoint, never a mix.
 */
public interface CheckpointStore {

    Optional<Checkpoint> load(String source);

    void save(String source, Checkpoint checkpoint);
}
