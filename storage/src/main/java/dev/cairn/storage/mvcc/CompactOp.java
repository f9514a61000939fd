package dev.cairn.storage.mvcc;

import dev.cairn.storage.schema.Schema;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDBException;

/**
 * The logical part of a compaction: checks compact < revision <= current on the writer thread
 * (the authority on both), and records the new compact revision in meta in the group batch. Once
 * durable, hands the physical part to the {@link Compactor}. With an applied index, records it in
 * the same batch, also when the compaction is rejected ({@link CompactedException}, {@link
 * FutureRevisionException}): the future then fails only after the index is durable. Thread confinement as {@link
 * WriteOp}.
 */
final class CompactOp extends Writer.Op {
    private final long revision;
    private final long appliedIndex;
    private final Compactor compactor;
    final CompletableFuture<MvccStore.Compaction> future = new CompletableFuture<>();
    private @Nullable RuntimeException error;

    CompactOp(long revision, long appliedIndex, Compactor compactor) {
        this.revision = revision;
        this.appliedIndex = appliedIndex;
        this.compactor = compactor;
    }

    @Override
    void run(Writer.Group group) {
        IllegalArgumentException rejected = group.checkAppliedIndex(appliedIndex);
        if (rejected != null) {
            error = rejected;
            return;
        }
        check(group);
        // A rejected compaction still applied its raft entry: the index is recorded either way.
        group.recordAppliedIndex(appliedIndex);
    }

    private void check(Writer.Group group) {
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

    @Override
    boolean replicated() {
        return appliedIndex != Writer.NO_APPLIED_INDEX;
    }
}
