package dev.cairn.raft;

/** The snapshot is being made; raft asks again later (etcd's ErrSnapshotTemporarilyUnavailable). */
public final class SnapshotTemporarilyUnavailableException extends RaftException {
    private static final long serialVersionUID = 1L;

    public SnapshotTemporarilyUnavailableException() {
        super("snapshot is temporarily unavailable");
    }
}
