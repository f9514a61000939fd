package dev.cairn.raft;

import java.util.Objects;

/** What a restarting node reads from its storage: the hard state and the configuration. */
public record InitialState(HardState hardState, ConfState confState) {
    public InitialState {
        Objects.requireNonNull(hardState, "hardState");
        Objects.requireNonNull(confState, "confState");
    }
}
