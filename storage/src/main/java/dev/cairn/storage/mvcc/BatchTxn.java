package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.storage.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;

/**
 * One write transaction inside the writer's group batch. Every change gets main revision {@code
 * beginRevision + 1} and the next sub revision, and touches up to four column families in the batch:
 * kv_latest (put or delete), kv_history (new version or tombstone), rev_index (change log) and
 * lease_keys (attach/detach when the key's lease changes). Lease records and cluster records go to
 * their column families without taking a revision. The changes are also kept as watch events for the commit feed.
 * Owned by the writer thread for the duration of one {@link MvccStore.WriteBody}; not thread-safe;
 * unusable after the body returns.
 */
final class BatchTxn implements WriteTxn {
    private final Database db;
    private final WriteBatchWithIndex batch;
    private final KvSource source;
    private final long beginRevision;
    private final long compactRevision;
    private final List<Event> changes = new ArrayList<>();
    /** Each changed key's live version before this transaction (etcd's prev_kv for its events). */
    private final Map<ByteString, Optional<KeyValue>> before = new HashMap<>();

    private long sub;
    private long bytes;
    private boolean open = true;

    BatchTxn(Database db, WriteBatchWithIndex batch, ReadOptions options, long beginRevision, long compactRevision) {
        this.db = db;
        this.batch = batch;
        this.source = KvSource.batch(db, batch, options);
        this.beginRevision = beginRevision;
        this.compactRevision = compactRevision;
    }

    /** True once something changed (the transaction then takes a revision). */
    boolean changed() {
        return sub > 0;
    }

    /** This transaction's changes as events, in sub-revision order. */
    List<Event> changes() {
        return changes;
    }

    /** Approximate bytes this transaction added to the batch. */
    long bytes() {
        return bytes;
    }

    /** Ends the transaction; later calls fail. */
    void finish() {
        open = false;
    }

    @Override
    public long writeRevision() {
        return beginRevision + 1;
    }

    /** As etcd: the begin revision, or the write revision once something changed. */
    @Override
    public long currentRevision() {
        return changed() ? writeRevision() : beginRevision;
    }

    @Override
    public long compactRevision() {
        return compactRevision;
    }

    @Override
    public RangeResult range(RangeQuery query) {
        checkOpen();
        return RangeReader.range(query, source, db, currentRevision(), compactRevision);
    }

    @Override
    public Optional<KeyValue> get(ByteString key) {
        checkOpen();
        byte[] v = source.get(db.latest, key.toByteArray());
        return v == null ? Optional.empty() : Optional.of(RangeReader.parse(v, 0));
    }

    @Override
    public Optional<KeyValue> put(ByteString key, ByteString value, long lease) {
        Optional<KeyValue> prev = get(key);
        Optional<KeyValue> beforeTxn = before.computeIfAbsent(key, k -> prev);
        long rev = writeRevision();
        KeyValue kv = KeyValue.newBuilder()
                .setKey(key)
                .setValue(value)
                .setLease(lease)
                .setModRevision(rev)
                .setCreateRevision(prev.map(KeyValue::getCreateRevision).orElse(rev))
                .setVersion(prev.map(KeyValue::getVersion).orElse(0L) + 1)
                .build();
        byte[] kvBytes = kv.toByteArray();
        long prevLease = prev.map(KeyValue::getLease).orElse(0L);
        try {
            batch.put(db.latest, key.toByteArray(), kvBytes);
            if (prevLease != lease) {
                if (prevLease != 0) {
                    batch.delete(db.leaseKeys, Schema.leaseKeysKey(prevLease, key));
                }
                if (lease != 0) {
                    batch.put(db.leaseKeys, Schema.leaseKeysKey(lease, key), new byte[0]);
                }
            }
        } catch (RocksDBException e) {
            throw new StorageException("batch put failed", e);
        }
        record(key, Schema.TYPE_PUT, kvBytes);
        changes.add(EventReader.put(kv, beforeTxn));
        return prev;
    }

    @Override
    public List<KeyValue> deleteRange(ByteString key, ByteString rangeEnd) {
        checkOpen();
        RangeReader.Collector live = new RangeReader.Collector(Long.MAX_VALUE);
        RangeReader.scanLatest(KeyRange.of(key, rangeEnd), source, db, live);
        long rev = writeRevision();
        for (KeyValue kv : live.kvs) {
            KeyValue tombstone = KeyValue.newBuilder()
                    .setKey(kv.getKey())
                    .setModRevision(rev)
                    .build();
            try {
                batch.delete(db.latest, kv.getKey().toByteArray());
                if (kv.getLease() != 0) {
                    batch.delete(db.leaseKeys, Schema.leaseKeysKey(kv.getLease(), kv.getKey()));
                }
            } catch (RocksDBException e) {
                throw new StorageException("batch delete failed", e);
            }
            record(kv.getKey(), Schema.TYPE_TOMBSTONE, tombstone.toByteArray());
            Optional<KeyValue> beforeTxn = before.computeIfAbsent(kv.getKey(), k -> Optional.of(kv));
            changes.add(EventReader.delete(tombstone, beforeTxn));
        }
        return live.kvs;
    }

    @Override
    public List<Event> events(long fromRevision, long toRevision, int maxEvents) {
        checkOpen();
        return EventReader.events(source, db, currentRevision(), compactRevision, fromRevision, toRevision, maxEvents);
    }

    @Override
    public void putLease(LeaseRecord lease) {
        checkOpen();
        if (lease.id() == 0) {
            throw new IllegalArgumentException("lease ID 0 means no lease");
        }
        try {
            batch.put(db.leases, Schema.leaseKey(lease.id()), Schema.leaseValue(lease.ttl(), lease.remainingTtl()));
        } catch (RocksDBException e) {
            throw new StorageException("batch put failed", e);
        }
        bytes += 64;
    }

    @Override
    public boolean deleteLease(long id) {
        checkOpen();
        byte[] key = Schema.leaseKey(id);
        if (source.get(db.leases, key) == null) {
            return false;
        }
        try {
            batch.delete(db.leases, key);
        } catch (RocksDBException e) {
            throw new StorageException("batch delete failed", e);
        }
        bytes += 32;
        return true;
    }

    @Override
    public Optional<LeaseRecord> lease(long id) {
        checkOpen();
        return LeaseReader.lease(source, db, id);
    }

    @Override
    public List<LeaseRecord> leases() {
        checkOpen();
        return LeaseReader.leases(source, db);
    }

    @Override
    public List<ByteString> leaseKeys(long leaseId) {
        checkOpen();
        return LeaseReader.leaseKeys(source, db, leaseId);
    }

    @Override
    public void putClusterRecord(ByteString key, ByteString value) {
        checkOpen();
        try {
            batch.put(db.cluster, key.toByteArray(), value.toByteArray());
        } catch (RocksDBException e) {
            throw new StorageException("batch put failed", e);
        }
        bytes += key.size() + value.size() + 32L;
    }

    @Override
    public boolean deleteClusterRecord(ByteString key) {
        checkOpen();
        byte[] k = key.toByteArray();
        if (source.get(db.cluster, k) == null) {
            return false;
        }
        try {
            batch.delete(db.cluster, k);
        } catch (RocksDBException e) {
            throw new StorageException("batch delete failed", e);
        }
        bytes += key.size() + 32L;
        return true;
    }

    @Override
    public SortedMap<ByteString, ByteString> clusterRecords() {
        checkOpen();
        return ClusterReader.records(source, db);
    }

    /** Appends the history version and the rev_index entry of one change. */
    private void record(ByteString key, byte type, byte[] kvBytes) {
        long rev = writeRevision();
        try {
            batch.put(db.history, Schema.historyKey(key, rev, sub), Schema.historyValue(type, kvBytes));
            batch.put(db.revIndex, Schema.revKey(rev, sub), Schema.revValue(type, key));
        } catch (RocksDBException e) {
            throw new StorageException("batch put failed", e);
        }
        sub++;
        bytes += 2L * key.size() + kvBytes.length + 64;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("write transaction already ended");
        }
    }

    @Override
    public void close() {
        finish();
    }
}
