package dev.cairn.raft;

/** The requested index is before the storage's first index (etcd's ErrCompacted). */
public final class CompactedException extends RaftException {
    private static final long serialVersionUID = 1L;

    public CompactedException() {
        super("requested index is unavailable due to compaction");
    }
}
