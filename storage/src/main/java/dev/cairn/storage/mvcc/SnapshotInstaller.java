package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.storage.schema.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Builds a store from snapshot chunks in {@code <member dir>/db.installing}, marks it complete,
 * and swaps it in for {@code <member dir>/db} (see {@link StoreLayout} for the crash-safe swap).
 * Runs on the caller's thread; the store in that member directory must be closed.
 */
final class SnapshotInstaller {
    /** Records are written to RocksDB in batches of about this many bytes. */
    private static final long BATCH_BYTES = 4L << 20;

    private SnapshotInstaller() {}

    static long install(Path memberDir, Iterator<ByteString> chunks) {
        long applied = build(memberDir, chunks);
        try {
            StoreLayout.recover(memberDir); // the marker is there: rolls the install forward
        } catch (IOException e) {
            throw new StorageException("cannot swap the installed snapshot into " + memberDir, e);
        }
        return applied;
    }

    /** Builds and marks complete {@code db.installing}; the swap is left to the next recover. */
    static long build(Path memberDir, Iterator<ByteString> chunks) {
        Path installing = memberDir.resolve(StoreLayout.INSTALLING);
        try {
            StoreLayout.recover(memberDir);
            StoreLayout.deleteTree(installing);
            long applied;
            try (Database db = Database.open(installing)) {
                applied = load(db, chunks);
            }
            StoreLayout.markInstalled(installing);
            return applied;
        } catch (IOException | RuntimeException e) {
            try {
                StoreLayout.deleteTree(installing);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot install snapshot in " + memberDir, e);
        }
    }

    private static long load(Database db, Iterator<ByteString> chunks) {
        Loader loader = new Loader(db);
        try {
            while (chunks.hasNext()) {
                if (loader.ended) {
                    throw new StorageException("snapshot has chunks after its end record");
                }
                SnapshotCodec.read(chunks.next(), loader);
                if (loader.batch.getDataSize() >= BATCH_BYTES) {
                    loader.writeBatch();
                }
            }
            if (!loader.ended) {
                throw new StorageException(
                        "snapshot stream ended early: no end record after " + loader.records + " records");
            }
            loader.writeBatch();
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.db.flush(flush, db.families());
            }
            db.db.syncWal();
        } catch (RocksDBException e) {
            throw new StorageException("cannot write the installed snapshot", e);
        } finally {
            loader.batch.close();
        }
        try (ReadOptions options = new ReadOptions()) {
            return db.metaLong(options, Schema.META_APPLIED_INDEX, 0);
        }
    }

    /** Puts each record into its column family. Owned by the installing thread. */
    private static final class Loader implements SnapshotCodec.Sink {
        final Database db;
        final WriteBatch batch = new WriteBatch();
        long records;
        boolean ended;

        Loader(Database db) {
            this.db = db;
        }

        @Override
        public void record(int familyId, byte[] key, byte[] value) {
            if (familyId < 1 || familyId >= Schema.COLUMN_FAMILIES.size()) {
                throw new StorageException("snapshot has a record of unknown column family id " + familyId);
            }
            try {
                batch.put(db.familyAt(familyId), key, value);
            } catch (RocksDBException e) {
                throw new StorageException("batch put failed", e);
            }
            records++;
        }

        @Override
        public void end(long total) {
            if (total != records) {
                throw new StorageException(
                        "snapshot is incomplete: its end record counts " + total + " records, " + records + " arrived");
            }
            ended = true;
        }

        void writeBatch() throws RocksDBException {
            if (batch.count() > 0) {
                db.db.write(db.asyncWrite, batch);
                batch.clear();
            }
        }
    }
}
