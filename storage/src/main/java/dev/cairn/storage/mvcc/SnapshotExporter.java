package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.storage.schema.Schema;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * A {@link MvccStore.SnapshotExport} over one RocksDB snapshot: every record of every column family
 * but {@code default}, family after family in {@link Schema#COLUMN_FAMILIES} order, in {@link
 * SnapshotCodec} chunks, then the end record. Chunks are built lazily, one per {@link #next()}.
 * Not thread-safe (one owner); every call goes through the store's {@link Lifecycle}, which frees
 * the snapshot if the store closes first.
 */
final class SnapshotExporter implements MvccStore.SnapshotExport, Lifecycle.Pinned {
    private final Database db;
    private final Lifecycle lifecycle;
    private final Snapshot snapshot;
    private final ReadOptions options;
    private final long appliedIndex;
    private final int chunkBytes;

    private int family = 1; // position in COLUMN_FAMILIES; 0 is "default", never written
    private @Nullable RocksIterator iterator;
    private long records;
    private boolean ended;
    private @Nullable ByteString pending;
    private boolean released;

    /** Takes the snapshot; call only inside {@link Lifecycle#whileOpen}. */
    SnapshotExporter(Database db, Lifecycle lifecycle, int chunkBytes) {
        this.db = db;
        this.lifecycle = lifecycle;
        this.chunkBytes = chunkBytes;
        this.snapshot = db.db.getSnapshot();
        this.options = new ReadOptions().setSnapshot(snapshot);
        this.appliedIndex = db.metaLong(options, Schema.META_APPLIED_INDEX, 0);
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !ended) {
            pending = whileUsable(this::buildChunk);
        }
        return pending != null;
    }

    @Override
    public ByteString next() {
        ByteString chunk = hasNext() ? pending : null;
        if (chunk == null) {
            throw new NoSuchElementException("snapshot export is complete");
        }
        pending = null;
        return chunk;
    }

    private ByteString buildChunk() {
        SnapshotCodec.ChunkWriter chunk = new SnapshotCodec.ChunkWriter();
        while (true) {
            RocksIterator it = iterator;
            if (it == null) {
                if (family >= Schema.COLUMN_FAMILIES.size()) {
                    break;
                }
                it = db.db.newIterator(db.familyAt(family), options);
                it.seekToFirst();
                iterator = it;
            }
            if (!it.isValid()) {
                check(it);
                it.close();
                iterator = null;
                family++;
                continue;
            }
            byte[] key = it.key();
            byte[] value = it.value();
            if (!chunk.isEmpty() && chunk.size() + SnapshotCodec.ChunkWriter.recordSize(key, value) > chunkBytes) {
                return chunk.finish();
            }
            chunk.add(family, key, value);
            records++;
            it.next();
        }
        if (!chunk.isEmpty() && chunk.size() + SnapshotCodec.END_RECORD_BYTES > chunkBytes) {
            return chunk.finish(); // the end record goes into one more chunk
        }
        chunk.end(records);
        ended = true;
        return chunk.finish();
    }

    private static void check(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("snapshot export failed", e);
        }
    }

    private <T> T whileUsable(Supplier<T> action) {
        return lifecycle.whileOpen(() -> {
            if (released) {
                throw new IllegalStateException("snapshot export is closed");
            }
            return action.get();
        });
    }

    @Override
    public void close() {
        lifecycle.release(this);
    }

    @Override
    public void releaseSnapshot() {
        if (!released) {
            released = true;
            RocksIterator it = iterator;
            if (it != null) {
                it.close();
                iterator = null;
            }
            db.db.releaseSnapshot(snapshot);
            options.close();
        }
    }
}
