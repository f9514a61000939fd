package dev.cairn.raft;

import java.util.List;

/**
 * The read side of the durable raft log, as etcd-io/raft's Storage. Raft reads through it; the
 * driver writes (see {@link MemoryStorage}). Implementations must be safe to call from the driver
 * thread that owns the {@link RawNode} while the driver also writes.
 */
public interface RaftStorage {
    /** The persisted hard state and configuration (from the last snapshot or bootstrap). */
    InitialState initialState();

    /**
     * Entries in {@code [lo, hi)}, at most {@code maxSize} bytes in total but at least one entry if
     * any is in range.
     *
     * @throws CompactedException if {@code lo} is at or before the last compaction
     * @throws UnavailableException if the log holds no entry past the snapshot
     */
    List<Entry> entries(long lo, long hi, long maxSize);

    /**
     * The term of the entry at {@code index}; {@code firstIndex() - 1} (the snapshot's index) is
     * answerable too.
     *
     * @throws CompactedException if the index is before the snapshot
     * @throws UnavailableException if the index is after the last entry
     */
    long term(long index);

    /** The index of the last entry (the snapshot's index when the log is empty). */
    long lastIndex();

    /** The index of the first entry still available (the snapshot's index plus one). */
    long firstIndex();

    /**
     * The most recent snapshot.
     *
     * @throws SnapshotTemporarilyUnavailableException if it is being made; raft retries later
     */
    Snapshot snapshot();
}
