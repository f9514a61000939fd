package dev.cairn.storage.wal;

import dev.cairn.storage.mvcc.StorageException;
import dev.cairn.storage.schema.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The raft log's RocksDB instance with the column families of {@link Schema#LOG_COLUMN_FAMILIES}
 * and the native option objects that must outlive it. Thread-safe (RocksDB is); {@link #close()}
 * must be called once, after every user has stopped ({@link RocksRaftLogStore} guarantees it).
 */
final class LogDatabase implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    final RocksDB db;
    final ColumnFamilyHandle meta;
    final ColumnFamilyHandle entries;

    /** fsync the WAL before the write returns. */
    final WriteOptions syncWrite;

    /** Written to RocksDB's WAL file, not fsynced (durable with the next synced write). */
    final WriteOptions asyncWrite;

    private final Path dir;
    private final List<ColumnFamilyHandle> handles;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;

    private LogDatabase(
            Path dir,
            RocksDB db,
            List<ColumnFamilyHandle> handles,
            DBOptions dbOptions,
            ColumnFamilyOptions cfOptions) {
        this.dir = dir;
        this.db = db;
        this.handles = handles;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.meta = handles.get(Schema.LOG_COLUMN_FAMILIES.indexOf(Schema.CF_LOG_META));
        this.entries = handles.get(Schema.LOG_COLUMN_FAMILIES.indexOf(Schema.CF_LOG_ENTRIES));
        this.syncWrite = new WriteOptions().setSync(true);
        this.asyncWrite = new WriteOptions().setSync(false);
    }

    /** Opens or creates the log database in {@code dir}, creating missing column families. */
    static LogDatabase open(Path dir) {
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(1);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : Schema.LOG_COLUMN_FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            return new LogDatabase(dir, db, handles, dbOptions, cfOptions);
        } catch (RocksDBException | IOException e) {
            handles.forEach(ColumnFamilyHandle::close);
            dbOptions.close();
            cfOptions.close();
            throw new StorageException("cannot open raft log in " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            // Synced writes were already durable; this only tidies up unsynced ones.
        }
        handles.forEach(ColumnFamilyHandle::close);
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw new StorageException("cannot close raft log in " + dir, e);
        } finally {
            syncWrite.close();
            asyncWrite.close();
            dbOptions.close();
            cfOptions.close();
        }
    }
}
