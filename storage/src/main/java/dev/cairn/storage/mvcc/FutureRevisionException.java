package dev.cairn.storage.mvcc;

/** A read or compaction asked for a revision beyond the current one. */
public final class FutureRevisionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FutureRevisionException(long requested, long currentRevision) {
        super("revision " + requested + " is in the future (current revision " + currentRevision + ")");
    }
}
