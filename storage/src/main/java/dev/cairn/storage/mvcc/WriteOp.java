package dev.cairn.storage.mvcc;

import dev.cairn.proto.mvccpb.Event;
import dev.cairn.storage.schema.Schema;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDBException;

/**
 * A submitted {@link MvccStore.WriteBody}: runs it in a {@link BatchTxn} under a save point of the
 * group batch, rolls back on exception, and bumps the current revision in meta if it changed
 * anything. With an applied index, records it after the save point is popped or rolled back, so
 * the index is in the batch whatever the body did; an index below the store's fails the write
 * without running the body. A transaction that changed keys is published to the {@link CommitFeed} on the
 * completer thread just before its future completes. {@link #run} is called on the writer thread, {@link #complete}/{@link #fail} on the
 * completer thread after the group is durable; the happens-before edge is the executor hand-off.
 */
final class WriteOp<T extends @Nullable Object> extends Writer.Op {
    private final long appliedIndex;
    private final MvccStore.WriteBody<T> body;
    private final CommitFeed feed;
    private long revision;
    private @Nullable List<Event> events;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private @Nullable T result;
    private @Nullable Throwable error;

    WriteOp(long appliedIndex, MvccStore.WriteBody<T> body, CommitFeed feed) {
        this.appliedIndex = appliedIndex;
        this.body = body;
        this.feed = feed;
    }

    @Override
    void run(Writer.Group group) {
        IllegalArgumentException rejected = group.checkAppliedIndex(appliedIndex);
        if (rejected != null) {
            error = rejected;
            return;
        }
        runBody(group);
        // Outside the save point: a body that threw (or changed nothing) still applied its entry.
        group.recordAppliedIndex(appliedIndex);
    }

    private void runBody(Writer.Group group) {
        group.batch.setSavePoint();
        BatchTxn txn =
                new BatchTxn(group.db, group.batch, group.readOptions, group.currentRevision, group.compactRevision);
        try {
            T value = body.apply(txn);
            txn.finish();
            if (txn.changed()) {
                group.batch.put(group.db.meta, Schema.META_CURRENT_REV, Schema.encodeLong(txn.writeRevision()));
                group.currentRevision = txn.writeRevision();
                revision = txn.writeRevision();
                events = List.copyOf(txn.changes());
            }
            group.batch.popSavePoint();
            group.bytes += txn.bytes();
            result = value;
        } catch (Throwable t) {
            txn.finish();
            rollback(group);
            error = t;
        }
    }

    private static void rollback(Writer.Group group) {
        try {
            group.batch.rollbackToSavePoint();
        } catch (RocksDBException e) {
            throw new StorageException("cannot roll back a failed write transaction", e);
        }
    }

    @Override
    @SuppressWarnings("NullAway") // result is a T (possibly null by the body's choice) when error is null
    void complete() {
        Throwable e = error;
        if (e != null) {
            future.completeExceptionally(e);
        } else {
            List<Event> changes = events;
            if (changes != null) {
                feed.publish(revision, changes);
            }
            future.complete(result);
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
