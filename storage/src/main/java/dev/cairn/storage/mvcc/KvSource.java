package dev.cairn.storage.mvcc;

import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;

/**
 * What range reads need from RocksDB: point gets and iterators over one column family, either
 * from a snapshot (read views) or from the writer's uncommitted batch over the database (write
 * transactions). Not thread-safe; used by the one thread that owns the view or transaction.
 */
interface KvSource {

    byte @Nullable [] get(ColumnFamilyHandle cf, byte[] key);

    /** A new iterator; the caller closes it. */
    RocksIterator iterator(ColumnFamilyHandle cf);

    /** Committed state as of a snapshot ({@code options} carries it). */
    static KvSource snapshot(Database database, ReadOptions options) {
        return new KvSource() {
            @Override
            public byte @Nullable [] get(ColumnFamilyHandle cf, byte[] key) {
                try {
                    return database.db.get(cf, options, key);
                } catch (RocksDBException e) {
                    throw new StorageException("read failed", e);
                }
            }

            @Override
            public RocksIterator iterator(ColumnFamilyHandle cf) {
                return database.db.newIterator(cf, options);
            }
        };
    }

    /**
     * The database overlaid with the writer's batch, so a transaction sees its own and its group's
     * earlier, not yet committed changes.
     */
    static KvSource batch(Database database, WriteBatchWithIndex batch, ReadOptions options) {
        return new KvSource() {
            @Override
            public byte @Nullable [] get(ColumnFamilyHandle cf, byte[] key) {
                try {
                    return batch.getFromBatchAndDB(database.db, cf, options, key);
                } catch (RocksDBException e) {
                    throw new StorageException("read failed", e);
                }
            }

            @Override
            public RocksIterator iterator(ColumnFamilyHandle cf) {
                return batch.newIteratorWithBase(cf, database.db.newIterator(cf, options), options);
            }
        };
    }
}
