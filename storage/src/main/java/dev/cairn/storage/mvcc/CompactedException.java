package dev.cairn.storage.mvcc;

/** A read or compaction asked for a revision that compaction has removed. */
public final class CompactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CompactedException(long requested, long compactRevision) {
        super("revision " + requested + " is compacted (compact revision " + compactRevision + ")");
    }
}
