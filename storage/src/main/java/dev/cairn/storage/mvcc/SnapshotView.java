package dev.cairn.storage.mvcc;

import dev.cairn.storage.schema.Schema;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * A {@link ReadView} over a RocksDB snapshot. Its current and compact revisions are read from the
 * meta column family inside the same snapshot, so the view shows exactly one committed, durable
 * state. Not thread-safe (one owner); every call goes through the store's {@link Lifecycle} so a
 * closed store is reported, never touched.
 */
final class SnapshotView implements ReadView {
    private final Database db;
    private final Lifecycle lifecycle;
    private final Snapshot snapshot;
    private final ReadOptions options;
    private final KvSource source;
    private final long currentRevision;
    private final long compactRevision;
    private boolean released;

    /** Takes a snapshot; call only inside {@link Lifecycle#whileOpen}. */
    SnapshotView(Database db, Lifecycle lifecycle) {
        this.db = db;
        this.lifecycle = lifecycle;
        this.snapshot = db.db.getSnapshot();
        this.options = new ReadOptions().setSnapshot(snapshot);
        this.source = KvSource.snapshot(db, options);
        this.currentRevision = db.metaLong(options, Schema.META_CURRENT_REV, 1);
        this.compactRevision = db.metaLong(options, Schema.META_COMPACT_REV, Schema.NEVER_COMPACTED);
    }

    @Override
    public long currentRevision() {
        return currentRevision;
    }

    @Override
    public long compactRevision() {
        return compactRevision;
    }

    @Override
    public RangeResult range(RangeQuery query) {
        return lifecycle.whileOpen(() -> {
            if (released) {
                throw new IllegalStateException("read view is closed");
            }
            return RangeReader.range(query, source, db, currentRevision, compactRevision);
        });
    }

    @Override
    public void close() {
        lifecycle.release(this);
    }

    /** Frees the snapshot; called once, by the lifecycle, while the database is still open. */
    void releaseSnapshot() {
        if (!released) {
            released = true;
            db.db.releaseSnapshot(snapshot);
            options.close();
        }
    }
}
