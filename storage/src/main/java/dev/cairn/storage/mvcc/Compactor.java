package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.storage.schema.Schema;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Physical compaction: deletes the versions a logical compaction at C made unreachable. Walks
 * rev_index in revision order up to C, in batches of {@link StoreConfig#compactionBatchLimit()}
 * entries; an entry (and its kv_history version) goes unless it is its key's newest version at or
 * below C and that version is not a tombstone. Each batch is one RocksDB write; the last write
 * records {@code finished_compact_rev}. Deletions are idempotent, so an interrupted run simply
 * starts again at the next open.
 *
 * <p>Thread-safe to {@link #schedule}; the work runs on the one thread it owns, {@code
 * cairn-mvcc-compactor}, one compaction after another. It never conflicts with the writer: the
 * writer only adds versions above the current revision, which is at least C.
 */
final class Compactor {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    private final Database db;
    private final StoreConfig config;
    private final ExecutorService executor =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "cairn-mvcc-compactor"));
    private volatile boolean stopping;
    private volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    Compactor(Database db, StoreConfig config) {
        this.db = db;
        this.config = config;
    }

    /** Schedules the physical compaction at {@code revision}; the future completes when done. */
    CompletableFuture<Void> schedule(long revision) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        last = done;
        try {
            executor.execute(() -> run(revision, done));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new StorageException("store is closed"));
        }
        return done;
    }

    /** The most recently scheduled physical compaction (completed if none). */
    CompletableFuture<Void> lastScheduled() {
        return last;
    }

    /** Stops after the batch in progress; the compaction resumes at the next open. */
    void close() {
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("physical compaction did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(long revision, CompletableFuture<Void> done) {
        try {
            compact(revision);
            done.complete(null);
        } catch (RuntimeException | RocksDBException e) {
            LOG.warn("physical compaction at {} stopped; it resumes at the next open", revision, e);
            done.completeExceptionally(e);
        }
    }

    private void compact(long revision) throws RocksDBException {
        try (ReadOptions options = new ReadOptions()) {
            if (db.metaLong(options, Schema.META_FINISHED_COMPACT_REV, 0) >= revision) {
                return;
            }
        }
        byte @Nullable [] from = Schema.revKey(0, 0);
        for (int batch = 0; from != null; batch++) {
            if (stopping) {
                throw new StorageException("store closing");
            }
            from = compactBatch(revision, from);
            config.faults().afterBatch(revision, batch);
        }
        db.db.put(db.meta, db.syncWrite, Schema.META_FINISHED_COMPACT_REV, Schema.encodeLong(revision));
    }

    /** One batch from rev_index key {@code from}; returns where the next batch starts, or null. */
    private byte @Nullable [] compactBatch(long revision, byte[] from) throws RocksDBException {
        Map<ByteString, byte @Nullable []> newestKeys = new HashMap<>();
        try (ReadOptions options = new ReadOptions();
                RocksIterator revs = db.db.newIterator(db.revIndex, options);
                RocksIterator history = db.db.newIterator(db.history, options);
                WriteBatch deletes = new WriteBatch()) {
            byte @Nullable [] next = null;
            int seen = 0;
            for (revs.seek(from); revs.isValid(); revs.next()) {
                byte[] revKey = revs.key();
                long main = Schema.revMain(revKey);
                if (main > revision) {
                    break;
                }
                if (seen == config.compactionBatchLimit()) {
                    next = revKey;
                    break;
                }
                seen++;
                ByteString userKey = Schema.revValueKey(revs.value());
                byte[] historyKey = Schema.historyKey(userKey, main, Schema.revSub(revKey));
                byte[] keep = newestKeys.computeIfAbsent(userKey, k -> keptVersion(history, k, revision));
                if (!Arrays.equals(keep, historyKey)) {
                    deletes.delete(db.history, historyKey);
                    deletes.delete(db.revIndex, revKey);
                }
            }
            revs.status();
            if (deletes.count() > 0) {
                db.db.write(db.asyncWrite, deletes);
            }
            return next;
        }
    }

    /** The history key of the version compaction keeps, or null if none survives. */
    private static byte @Nullable [] keptVersion(RocksIterator history, ByteString userKey, long revision) {
        byte[] prefix = Schema.historyPrefix(userKey);
        history.seek(Schema.historySeek(prefix, revision));
        if (!history.isValid()) {
            return null;
        }
        byte[] key = history.key();
        boolean sameKey = key.length == prefix.length + Schema.HISTORY_REV_SUFFIX
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
        if (!sameKey || Schema.isTombstone(history.value())) {
            return null;
        }
        return key;
    }
}
