package dev.cairn.storage.mvcc;

/** A consistent view of the store at one moment. Not thread-safe; owned by one caller. */
public interface ReadView extends AutoCloseable {

    /** The store's current revision as of this view (1 for an empty store). */
    long currentRevision();

    /**
     * The compact revision as of this view: -1 until the first compaction (etcd's convention, so a
     * first Compact at revision 0 is a real compaction that later checks can tell apart).
     */
    long compactRevision();

    /**
     * Reads keys in a range at a revision, with etcd's Range semantics for limit, count, sort,
     * keys_only, count_only and the revision filters.
     *
     * @throws CompactedException if {@code query.revision()} is below the compact revision
     * @throws FutureRevisionException if {@code query.revision()} is above the current revision
     */
    RangeResult range(RangeQuery query);

    @Override
    void close();
}
