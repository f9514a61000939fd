package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.storage.schema.Schema;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * A {@link ReadView} over a RocksDB snapshot. Its current and compact revisions are read from the
 * meta column family inside the same snapshot, so the view shows exactly one committed, durable
 * state. Not thread-safe (one owner); every call goes through the store's {@link Lifecycle} so a
 * closed store is reported, never touched.
 */
final class SnapshotView implements ReadView, Lifecycle.Pinned {
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
        return whileUsable(() -> RangeReader.range(query, source, db, currentRevision, compactRevision));
    }

    @Override
    public List<Event> events(long fromRevision, long toRevision, int maxEvents) {
        return whileUsable(() ->
                EventReader.events(source, db, currentRevision, compactRevision, fromRevision, toRevision, maxEvents));
    }

    @Override
    public Optional<LeaseRecord> lease(long id) {
        return whileUsable(() -> LeaseReader.lease(source, db, id));
    }

    @Override
    public List<LeaseRecord> leases() {
        return whileUsable(() -> LeaseReader.leases(source, db));
    }

    @Override
    public List<ByteString> leaseKeys(long leaseId) {
        return whileUsable(() -> LeaseReader.leaseKeys(source, db, leaseId));
    }

    @Override
    public SortedMap<ByteString, ByteString> clusterRecords() {
        return whileUsable(() -> ClusterReader.records(source, db));
    }

    private <T> T whileUsable(Supplier<T> read) {
        return lifecycle.whileOpen(() -> {
            if (released) {
                throw new IllegalStateException("read view is closed");
            }
            return read.get();
        });
    }

    @Override
    public void close() {
        lifecycle.release(this);
    }

    /** Frees the snapshot; called once, by the lifecycle, while the database is still open. */
    @Override
    public void releaseSnapshot() {
        if (!released) {
            released = true;
            db.db.releaseSnapshot(snapshot);
            options.close();
        }
    }
}
