package dev.cairn.raft.sim;

import dev.cairn.raft.ConfState;
import dev.cairn.raft.Entry;
import dev.cairn.raft.InitialState;
import dev.cairn.raft.MemoryStorage;
import dev.cairn.raft.RaftStorage;
import dev.cairn.raft.Snapshot;
import java.util.List;

/**
 * The storage a restarted node reads: the restored log, with the configuration its state
 * machine recorded at its applied index (a MemoryStorage only knows its snapshot's). Immutable;
 * the log it wraps is the node's, owned by the simulation's single thread.
 */
record RestartStorage(MemoryStorage log, ConfState confState) implements RaftStorage {
    @Override
    public InitialState initialState() {
        return new InitialState(log.initialState().hardState(), confState);
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxSize) {
        return log.entries(lo, hi, maxSize);
    }

    @Override
    public long term(long index) {
        return log.term(index);
    }

    @Override
    public long lastIndex() {
        return log.lastIndex();
    }

    @Override
    public long firstIndex() {
        return log.firstIndex();
    }

    @Override
    public Snapshot snapshot() {
        return log.snapshot();
    }
}
