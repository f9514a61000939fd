package dev.cairn.storage.mvcc;

import dev.cairn.storage.schema.Schema;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDBException;

/**
 * The logical part of a compaction: checks compact < revision <= current on the writer thread
 * (the authority on both), and records the new compact revision in meta in the group batch. Once
 * durable, hands the physical part to the {@link Compactor}. Thread confinement as {@link
 * WriteOp}.
 */
final class CompactOp extends Writer.Op {
    private final long revision;
    private final Compactor compactor;
    final CompletableFuture<MvccStore.Compaction> future = new CompletableFuture<>();
    private @Nullable RuntimeException error;

    CompactOp(long revision, Compactor compactor) {
        this.revision = revision;
        this.compactor = compactor;
    }

    @Override
    void run(Writer.Group group) {
        if (revision <= group.compactRevision) {
            error = new CompactedException(revision, Math.max(0, group.compactRevision));
        } else if (revision > group.currentRevision) {
            error = new FutureRevisionException(revision, group.currentRevision);
        } else {
            try {
                group.batch.put(group.db.meta, Schema.META_COMPACT_REV, Schema.encodeLong(revision));
            } catch (RocksDBException e) {
                throw new StorageException("batch put failed", e);
            }
            group.compactRevision = revision;
        }
    }

    @Override
    void complete() {
        RuntimeException e = error;
        if (e != null) {
            future.completeExceptionally(e);
        } else {
            future.complete(new MvccStore.Compaction(revision, compactor.schedule(revision)));
        }
    }

    @Override
    void fail(RuntimeException e) {
        future.completeExceptionally(e);
    }
}
