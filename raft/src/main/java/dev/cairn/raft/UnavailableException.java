package dev.cairn.raft;

/** The requested entry is after the storage's last index (etcd's ErrUnavailable). */
public final class UnavailableException extends RaftException {
    private static final long serialVersionUID = 1L;

    public UnavailableException() {
        super("requested entry at index is unavailable");
    }
}
