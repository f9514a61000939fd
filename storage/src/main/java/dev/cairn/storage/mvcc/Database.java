package dev.cairn.storage.mvcc;

import dev.cairn.storage.schema.Schema;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB instance with the column families of {@link Schema} and the native option
 * objects that must outlive it. Thread-safe (RocksDB is); {@link #close()} must be called once,
 * after every user has stopped (the store's lifecycle guarantees that).
 */
final class Database implements AutoCloseable {
    /**
     * RocksDB's native memory for the store: one LRU cache of this size holds the data blocks read
     * and is charged with the memtables too, which a {@link WriteBufferManager} caps at {@link
     * #MEMTABLE_BYTES} across all column families (flushing the largest when full). Without the cap
     * each of the busy column families could hold two 64 MiB memtables.
     */
    private static final long BLOCK_CACHE_BYTES = 128L << 20;

    private static final long MEMTABLE_BYTES = 64L << 20;

    static {
        RocksDB.loadLibrary();
    }

    final RocksDB db;
    final ColumnFamilyHandle meta;
    final ColumnFamilyHandle latest;
    final ColumnFamilyHandle history;
    final ColumnFamilyHandle revIndex;
    final ColumnFamilyHandle leases;
    final ColumnFamilyHandle leaseKeys;
    final ColumnFamilyHandle cluster;

    /** fsync the WAL before a write returns: group commits use it. */
    final WriteOptions syncWrite;

    /** No fsync: physical-compaction batches (idempotent, ordered before a later synced write). */
    final WriteOptions asyncWrite;

    private final Path dir;
    private final List<ColumnFamilyHandle> handles;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final BloomFilter bloom;

    private Database(
            Path dir,
            RocksDB db,
            List<ColumnFamilyHandle> handles,
            DBOptions dbOptions,
            ColumnFamilyOptions cfOptions,
            LRUCache cache,
            WriteBufferManager writeBuffers,
            BloomFilter bloom) {
        this.dir = dir;
        this.db = db;
        this.handles = handles;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.cache = cache;
        this.writeBuffers = writeBuffers;
        this.bloom = bloom;
        this.meta = handle(Schema.CF_META);
        this.latest = handle(Schema.CF_KV_LATEST);
        this.history = handle(Schema.CF_KV_HISTORY);
        this.revIndex = handle(Schema.CF_REV_INDEX);
        this.leases = handle(Schema.CF_LEASES);
        this.leaseKeys = handle(Schema.CF_LEASE_KEYS);
        this.cluster = handle(Schema.CF_CLUSTER);
        this.syncWrite = new WriteOptions().setSync(true);
        this.asyncWrite = new WriteOptions().setSync(false);
    }

    /** Opens or creates the database in {@code dir}, creating missing column families. */
    static Database open(Path dir) {
        LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
        WriteBufferManager writeBuffers = new WriteBufferManager(MEMTABLE_BYTES, cache);
        BloomFilter bloom = new BloomFilter(10, false);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(
                        new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom));
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setWriteBufferManager(writeBuffers);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : Schema.COLUMN_FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            return new Database(dir, db, handles, dbOptions, cfOptions, cache, writeBuffers, bloom);
        } catch (RocksDBException | IOException e) {
            handles.forEach(ColumnFamilyHandle::close);
            dbOptions.close();
            cfOptions.close();
            writeBuffers.close();
            cache.close();
            bloom.close();
            throw new StorageException("cannot open store in " + dir, e);
        }
    }

    /** Reads a meta long ({@code fallback} if absent) with the given read options. */
    long metaLong(ReadOptions options, byte[] key, long fallback) {
        try {
            return Schema.decodeLong(db.get(meta, options, key), fallback);
        } catch (RocksDBException e) {
            throw new StorageException("cannot read meta", e);
        }
    }

    /** Total size of the files in the data directory (RocksDB keeps it flat). */
    long sizeOnDisk() {
        File[] files = dir.toFile().listFiles();
        long total = 0;
        if (files != null) {
            for (File f : files) {
                total += f.length(); // 0 for a file RocksDB removed meanwhile
            }
        }
        return total;
    }

    /** Estimated live data across column families plus memtables. */
    long liveDataSize() {
        try {
            long total = 0;
            for (ColumnFamilyHandle h : handles) {
                total += db.getLongProperty(h, "rocksdb.estimate-live-data-size");
                total += db.getLongProperty(h, "rocksdb.cur-size-all-mem-tables");
            }
            return total;
        } catch (RocksDBException e) {
            throw new StorageException("cannot read rocksdb properties", e);
        }
    }

    /** The column family at this position of {@link Schema#COLUMN_FAMILIES}. */
    ColumnFamilyHandle familyAt(int index) {
        return handles.get(index);
    }

    /** Every column family handle, in {@link Schema#COLUMN_FAMILIES} order. */
    List<ColumnFamilyHandle> families() {
        return List.copyOf(handles);
    }

    private ColumnFamilyHandle handle(String name) {
        return handles.get(Schema.COLUMN_FAMILIES.indexOf(name));
    }

    /** fsyncs RocksDB's write-ahead log: every write made before the call is then durable. */
    void syncWal() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new StorageException("cannot sync the store's write-ahead log in " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            // Unsynced writes are replicated ones, which the raft log replays; this only tidies up.
        }
        handles.forEach(ColumnFamilyHandle::close);
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw new StorageException("cannot close store in " + dir, e);
        } finally {
            syncWrite.close();
            asyncWrite.close();
            dbOptions.close();
            cfOptions.close();
            writeBuffers.close();
            cache.close();
            bloom.close();
        }
    }
}
