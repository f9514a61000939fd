package dev.cairn.raft;

import java.util.Objects;

/** Volatile state that need not be persisted: the known leader (0 for none) and the role. */
public record SoftState(long lead, StateType raftState) {
    public SoftState {
        Objects.requireNonNull(raftState, "raftState");
    }
}
