package dev.cairn.raft;

/** A snapshot older than the stored one was applied or created (etcd's ErrSnapOutOfDate). */
public final class SnapshotOutOfDateException extends RaftException {
    private static final long serialVersionUID = 1L;

    public SnapshotOutOfDateException() {
        super("requested index is older than the existing snapshot");
    }
}
