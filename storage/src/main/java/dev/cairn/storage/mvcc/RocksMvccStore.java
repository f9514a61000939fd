package dev.cairn.storage.mvcc;

import dev.cairn.storage.schema.Schema;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.ReadOptions;

/**
 * {@link MvccStore} on RocksDB. Thread-safe. Owns three threads: the {@link Writer} (group
 * commit), its completer, and the {@link Compactor} (physical compaction). Reads run on the
 * caller's thread against a snapshot.
 *
 * <p>Opening reads only the meta column family (current, compact and finished-compact revision,
 * applied index),
 * so start-up time does not depend on the number of keys; there is no in-memory key index. If a
 * physical compaction was interrupted, it is scheduled again.
 */
final class RocksMvccStore implements MvccStore {
    /** Target size of a snapshot chunk. */
    static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;

    private final Database db;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Writer writer;
    private final Compactor compactor;
    private final CommitFeed feed = new CommitFeed();
    private final AtomicBoolean closing = new AtomicBoolean();

    private RocksMvccStore(
            Database db, StoreConfig config, long currentRevision, long compactRevision, long appliedIndex) {
        this.db = db;
        this.writer = new Writer(db, config, currentRevision, compactRevision, appliedIndex);
        this.compactor = new Compactor(db, config);
    }

    static RocksMvccStore open(Path dir, StoreConfig config) {
        return openDatabase(StoreLayout.databaseDir(dir), config);
    }

    /** Opens RocksDB exactly in {@code databaseDir} (tests use it to make a legacy layout). */
    static RocksMvccStore openDatabase(Path databaseDir, StoreConfig config) {
        Database db = Database.open(databaseDir);
        long current;
        long compact;
        long finished;
        long applied;
        try (ReadOptions options = new ReadOptions()) {
            current = db.metaLong(options, Schema.META_CURRENT_REV, 1);
            compact = db.metaLong(options, Schema.META_COMPACT_REV, Schema.NEVER_COMPACTED);
            finished = db.metaLong(options, Schema.META_FINISHED_COMPACT_REV, 0);
            applied = db.metaLong(options, Schema.META_APPLIED_INDEX, 0);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        RocksMvccStore store = new RocksMvccStore(db, config, current, compact, applied);
        store.writer.start();
        if (finished < compact) {
            // Resumes in the background; tests reach it through physicalCompaction().
            CompletableFuture<Void> unused = store.compactor.schedule(compact);
        }
        return store;
    }

    @Override
    public ReadView read() {
        return lifecycle.whileOpen(() -> lifecycle.register(new SnapshotView(db, lifecycle)));
    }

    @Override
    public <T> CompletableFuture<T> write(WriteBody<T> body) {
        return submit(Writer.NO_APPLIED_INDEX, body);
    }

    @Override
    public <T> CompletableFuture<T> write(long appliedIndex, WriteBody<T> body) {
        checkIndex(appliedIndex);
        return submit(appliedIndex, body);
    }

    private <T> CompletableFuture<T> submit(long appliedIndex, WriteBody<T> body) {
        WriteOp<T> op = new WriteOp<>(appliedIndex, body, feed);
        writer.submit(op);
        return op.future;
    }

    @Override
    public long appliedIndex() {
        return writer.appliedIndex();
    }

    private static void checkIndex(long appliedIndex) {
        if (appliedIndex < 0) {
            throw new IllegalArgumentException("applied index must be >= 0: " + appliedIndex);
        }
    }

    @Override
    public void addCommitListener(CommitListener listener) {
        feed.add(listener);
    }

    @Override
    public CompletableFuture<Compaction> compact(long revision) {
        return submitCompact(revision, Writer.NO_APPLIED_INDEX);
    }

    @Override
    public CompletableFuture<Compaction> compact(long revision, long appliedIndex) {
        checkIndex(appliedIndex);
        return submitCompact(revision, appliedIndex);
    }

    private CompletableFuture<Compaction> submitCompact(long revision, long appliedIndex) {
        CompactOp op = new CompactOp(revision, appliedIndex, compactor);
        writer.submit(op);
        return op.future;
    }

    @Override
    public SnapshotExport openSnapshotExport() {
        return openSnapshotExport(SNAPSHOT_CHUNK_BYTES);
    }

    /** As {@link #openSnapshotExport()} with another chunk size (tests use small chunks). */
    SnapshotExport openSnapshotExport(int chunkBytes) {
        return lifecycle.whileOpen(() -> lifecycle.register(new SnapshotExporter(db, lifecycle, chunkBytes)));
    }

    @Override
    public void sync() {
        lifecycle.whileOpen(() -> {
            db.syncWal();
            return null;
        });
    }

    @Override
    public long dbSizeBytes() {
        return lifecycle.whileOpen(db::sizeOnDisk);
    }

    @Override
    public long dbSizeInUseBytes() {
        return lifecycle.whileOpen(db::liveDataSize);
    }

    /** The most recently scheduled physical compaction, including one resumed at open. */
    CompletableFuture<Void> physicalCompaction() {
        return compactor.lastScheduled();
    }

    /** Number of group commits (batches fsynced) so far; for tests. */
    long commits() {
        return writer.commits();
    }

    /** The database, for tests that inspect column families. */
    Database database() {
        return db;
    }

    /**
     * Stops the writer (queued writes fail with {@link StorageException}), stops physical
     * compaction after its current batch, frees open snapshots and closes RocksDB. Idempotent;
     * safe from a shutdown hook or a completion callback; not allowed from inside a write body.
     */
    @Override
    public void close() {
        if (writer.onWriterThread()) {
            throw new IllegalStateException("a write body must not close the store");
        }
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        compactor.close();
        lifecycle.shutDown(db::close);
    }
}
