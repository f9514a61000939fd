package dev.cairn.storage.mvcc;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cairn.storage.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's single writer and its group commit. Thread-safe to {@link #submit}; everything else
 * runs on the thread it owns, {@code cairn-mvcc-writer}. The writer takes every queued operation
 * (up to the configured caps), runs each under a save point of one {@link WriteBatchWithIndex}, so
 * later operations see earlier ones, writes the batch once (fsynced unless every operation in it is
 * {@link Op#replicated replicated}: those are durable in the raft log already), and only then hands the
 * group to its own completion thread, {@code cairn-mvcc-completer}, which completes the futures in
 * order (so callers' dependent stages never run on, or block, the writer).
 *
 * <p>The writer keeps the committed current and compact revisions and the applied index in
 * memory; they are always equal to the meta column family's values, because they change only in
 * the batch that also writes them to meta and only after that batch is written. The applied index
 * is volatile so that {@link MvccStore#appliedIndex()} may read it from any thread; it is updated
 * before the group's futures are handed to the completer.
 */
final class Writer {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    /** The applied index of an operation that leaves the store's applied index unchanged. */
    static final long NO_APPLIED_INDEX = -1;

    /** One unit of work of a group. Runs on the writer thread; completes on the completer. */
    abstract static class Op {
        /** Stages the operation into the group's batch; records its own outcome. */
        abstract void run(Group group);

        /** After the group is durable: complete the caller's future with the recorded outcome. */
        abstract void complete();

        /** The group (or the store) failed: fail the caller's future. */
        abstract void fail(RuntimeException e);

        /** True only for the close marker. */
        boolean isStop() {
            return false;
        }

        /**
         * True when the operation records a raft applied index: the raft log holds it durably and
         * replays it after a crash, so its batch need not be fsynced for it.
         */
        boolean replicated() {
            return false;
        }
    }

    /** The state a group's operations share. Owned by the writer thread. */
    static final class Group {
        final Database db;
        final WriteBatchWithIndex batch;
        final ReadOptions readOptions;
        long currentRevision;
        long compactRevision;
        long appliedIndex;
        long bytes;

        Group(
                Database db,
                WriteBatchWithIndex batch,
                ReadOptions readOptions,
                long current,
                long compact,
                long appliedIndex) {
            this.db = db;
            this.batch = batch;
            this.readOptions = readOptions;
            this.currentRevision = current;
            this.compactRevision = compact;
            this.appliedIndex = appliedIndex;
        }

        /**
         * Null if {@code index} may be recorded ({@link MvccStore#NO_APPLIED_INDEX} or not below the
         * group's applied index), else the error that rejects the operation.
         */
        @Nullable
        IllegalArgumentException checkAppliedIndex(long index) {
            if (index == NO_APPLIED_INDEX || index >= appliedIndex) {
                return null;
            }
            return new IllegalArgumentException(
                    "applied index " + index + " is below the store's applied index " + appliedIndex);
        }

        /** Records {@code index} in meta in the group batch (nothing for NO_APPLIED_INDEX). */
        void recordAppliedIndex(long index) {
            if (index == NO_APPLIED_INDEX) {
                return;
            }
            try {
                batch.put(db.meta, Schema.META_APPLIED_INDEX, Schema.encodeLong(index));
            } catch (RocksDBException e) {
                throw new StorageException("batch put failed", e);
            }
            appliedIndex = index;
            bytes += 32;
        }
    }

    private static final Op STOP = new Op() {
        @Override
        void run(Group group) {}

        @Override
        void complete() {}

        @Override
        void fail(RuntimeException e) {}

        @Override
        boolean isStop() {
            return true;
        }
    };

    private final Database db;
    private final StoreConfig config;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ExecutorService completer;

    @GuardedBy("queue")
    private boolean closed;

    private volatile boolean stopping;
    private final AtomicLong commits = new AtomicLong();
    private volatile @Nullable Thread completerThread;

    /** The applied index of the last written group; read by any thread. */
    private volatile long writtenAppliedIndex;

    // Writer-thread state.
    private long currentRevision;
    private long compactRevision;
    private boolean failed;

    Writer(Database db, StoreConfig config, long currentRevision, long compactRevision, long appliedIndex) {
        this.db = db;
        this.config = config;
        this.currentRevision = currentRevision;
        this.compactRevision = compactRevision;
        this.writtenAppliedIndex = appliedIndex;
        this.thread = new Thread(this::loop, "cairn-mvcc-writer");
        this.completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cairn-mvcc-completer");
            completerThread = t;
            return t;
        });
    }

    void start() {
        thread.start();
    }

    /** Queues an operation, or fails it at once if the store is closed. */
    void submit(Op op) {
        synchronized (queue) {
            if (!closed) {
                queue.add(op);
                return;
            }
        }
        op.fail(new StorageException("store is closed"));
    }

    /**
     * Stops the writer: the group being committed finishes; queued operations fail with {@link
     * StorageException}. Waits for the writer and the pending completions. Idempotent.
     */
    void close() {
        if (onWriterThread()) {
            throw new IllegalStateException("a write body must not close the store");
        }
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        completer.shutdown();
        if (Thread.currentThread().equals(completerThread)) {
            return; // closed from a completion callback: the remaining completions run after it
        }
        try {
            if (!completer.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("write completions still running at close");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean onWriterThread() {
        return Thread.currentThread().equals(thread);
    }

    /** The applied index recorded by the last written group (or read at open). */
    long appliedIndex() {
        return writtenAppliedIndex;
    }

    /** Number of batches written (at most one fsync each); for tests. */
    long commits() {
        return commits.get();
    }

    private void loop() {
        try (ReadOptions readOptions = new ReadOptions()) {
            while (!stopping) {
                Op first;
                try {
                    first = queue.take();
                } catch (InterruptedException e) {
                    break;
                }
                if (first.isStop() || stopping) {
                    if (!first.isStop()) {
                        first.fail(new StorageException("store is closed"));
                    }
                    break;
                }
                runGroup(first, readOptions);
            }
        }
        List<Op> left = new ArrayList<>();
        queue.drainTo(left);
        StorageException closedError = new StorageException("store is closed");
        left.forEach(op -> op.fail(closedError));
    }

    private void runGroup(Op first, ReadOptions readOptions) {
        List<Op> ops = new ArrayList<>();
        try (WriteBatchWithIndex batch = new WriteBatchWithIndex(true)) {
            Group group = new Group(db, batch, readOptions, currentRevision, compactRevision, writtenAppliedIndex);
            Op op = first;
            boolean sync = false;
            while (true) {
                ops.add(op);
                sync |= !op.replicated();
                if (failed) {
                    throw new StorageException("store failed earlier and accepts no writes");
                }
                op.run(group);
                if (ops.size() >= config.maxGroupTxns() || group.bytes >= config.maxGroupBytes()) {
                    break;
                }
                Op next = queue.peek();
                if (next == null || next.isStop()) {
                    break;
                }
                op = queue.remove();
            }
            if (batch.count() > 0) {
                db.db.write(sync ? db.syncWrite : db.asyncWrite, batch);
                commits.incrementAndGet();
            }
            currentRevision = group.currentRevision;
            compactRevision = group.compactRevision;
            writtenAppliedIndex = group.appliedIndex;
            completer.execute(() -> ops.forEach(Op::complete));
        } catch (RocksDBException | RuntimeException e) {
            if (e instanceof RocksDBException) {
                failed = true;
                LOG.error("commit failed; the store accepts no more writes", e);
            }
            StorageException error = e instanceof StorageException se ? se : new StorageException("commit failed", e);
            completer.execute(() -> ops.forEach(o -> o.fail(error)));
        }
    }
}
