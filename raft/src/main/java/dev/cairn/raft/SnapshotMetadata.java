package dev.cairn.raft;

import java.util.Objects;

/** The position a snapshot covers (last included index and its term) and its configuration. */
public record SnapshotMetadata(long index, long term, ConfState confState) {
    public SnapshotMetadata {
        Objects.requireNonNull(confState, "confState");
    }
}
