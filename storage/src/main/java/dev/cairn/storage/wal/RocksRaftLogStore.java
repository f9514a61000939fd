package dev.cairn.storage.wal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import dev.cairn.storage.mvcc.StorageException;
import dev.cairn.storage.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * {@link RaftLogStore} on RocksDB. Thread-safe and owns no thread: writes run on the callers'
 * threads with leader-based group commit. A caller queues its write under {@link #lock}; if no
 * write is in progress it becomes the leader, takes every queued write (its own first, in call
 * order), stages them into one {@link WriteBatch}, and writes it with one fsync (if any of them
 * asked for sync) <em>without</em> holding the lock, so later callers can queue meanwhile. It then
 * marks the group done, hands the leadership to the oldest queued write's caller, and returns. So
 * writes are applied in call order, one batch at a time, and no lock is held across an fsync.
 *
 * <p>The first and last stored index are owned by whichever caller is the leader (exactly one at a
 * time; the lock hand-over orders their accesses). {@link #recover} reads a RocksDB snapshot under
 * the read side of {@link #open}; {@link #close} takes its write side. Lock order: {@code open}
 * before {@code lock}.
 */
final class RocksRaftLogStore implements RaftLogStore {
    /** After every 8-byte entry key: the exclusive end of "every entry from here on". */
    private static final byte[] END_OF_ENTRIES = {-1, -1, -1, -1, -1, -1, -1, -1, -1};

    private final LogDatabase db;
    private final ReentrantReadWriteLock open = new ReentrantReadWriteLock();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();

    @GuardedBy("lock")
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    @GuardedBy("lock")
    private boolean leading;

    @GuardedBy("lock")
    private boolean closed;

    @GuardedBy("lock")
    private @Nullable StorageException failure;

    // Owned by the leader. last == 0: no entries stored (first is then 0 too).
    private long first;
    private long last;

    /**
     * A queued write and its outcome. {@code lead} and {@code done} change under the store's lock;
     * {@code error} is set by the leader before it marks the write done under the lock.
     */
    private static final class Pending {
        final LogWrite write;
        boolean lead;
        boolean done;

        @Nullable
        RuntimeException error;

        Pending(LogWrite write) {
            this.write = write;
        }
    }

    private RocksRaftLogStore(LogDatabase db, long first, long last) {
        this.db = db;
        this.first = first;
        this.last = last;
    }

    static RocksRaftLogStore open(Path dir) {
        LogDatabase db = LogDatabase.open(dir);
        try (ReadOptions options = new ReadOptions();
                RocksIterator it = db.db.newIterator(db.entries, options)) {
            it.seekToFirst();
            if (!it.isValid()) {
                it.status();
                return new RocksRaftLogStore(db, 0, 0);
            }
            long first = Schema.logEntryIndex(it.key());
            it.seekToLast();
            long last = Schema.logEntryIndex(it.key());
            it.status();
            return new RocksRaftLogStore(db, first, last);
        } catch (RocksDBException | RuntimeException e) {
            db.close();
            throw e instanceof StorageException se ? se : new StorageException("cannot read raft log in " + dir, e);
        }
    }

    @Override
    public void write(LogWrite w) {
        Pending me = new Pending(w);
        List<Pending> group;
        @Nullable StorageException failedBefore;
        lock.lock();
        try {
            if (closed) {
                throw new StorageException("raft log is closed");
            }
            queue.add(me);
            if (!leading) {
                leading = true;
                me.lead = true;
            }
            while (!me.lead && !me.done) {
                turn.awaitUninterruptibly();
            }
            if (me.done) {
                outcome(me);
                return;
            }
            group = new ArrayList<>(queue);
            queue.clear();
            failedBefore = failure;
        } finally {
            lock.unlock();
        }
        @Nullable StorageException failed = failedBefore;
        if (failed == null) {
            try {
                commit(group);
            } catch (RuntimeException e) {
                // Whatever went wrong, the leadership must be handed on below, or every caller hangs.
                failed = e instanceof StorageException se ? se : new StorageException("raft log write failed", e);
            }
        }
        lock.lock();
        try {
            for (Pending p : group) {
                p.done = true;
                if (failed != null) {
                    p.error = failedBefore != null
                            ? new StorageException("raft log failed earlier and accepts no writes", failed)
                            : failed;
                }
            }
            if (failed != null) {
                failure = failed;
            }
            Pending next = queue.peek();
            if (next != null) {
                next.lead = true;
            } else {
                leading = false;
            }
            turn.signalAll();
            outcome(me);
        } finally {
            lock.unlock();
        }
    }

    /** Throws the write's error, if any; read after {@code done} was seen under the lock. */
    private static void outcome(Pending p) {
        RuntimeException e = p.error;
        if (e != null) {
            throw e;
        }
    }

    /** Stages the group into one batch and writes it; called by the leader without the lock. */
    private void commit(List<Pending> group) {
        try (WriteBatch batch = new WriteBatch()) {
            long f = first;
            long l = last;
            boolean sync = false;
            for (Pending p : group) {
                try {
                    long[] range = stage(batch, p.write, f, l);
                    f = range[0];
                    l = range[1];
                    sync |= p.write.sync();
                } catch (IllegalArgumentException e) {
                    p.error = e;
                }
            }
            if (batch.count() > 0) {
                db.db.write(sync ? db.syncWrite : db.asyncWrite, batch);
            } else if (sync) {
                db.db.syncWal();
            }
            first = f;
            last = l;
        } catch (RocksDBException e) {
            throw new StorageException("raft log write failed; the log accepts no more writes", e);
        }
    }

    /**
     * Adds one write to the batch, given the stored run [f, l] (l == 0: empty) including the
     * group's earlier writes. Checks first, then stages, so a rejected write adds nothing.
     *
     * @return the run [first, last] after the write
     */
    private long[] stage(WriteBatch batch, LogWrite w, long f, long l) throws RocksDBException {
        List<LogEntry> entries = w.entries();
        // The lowest index stored once the entries are staged (a gap case keeps the old run).
        long lowest = l == 0 ? Long.MAX_VALUE : f;
        long truncateFrom = 0;
        if (!entries.isEmpty()) {
            long nf = entries.get(0).index();
            long nl = entries.get(entries.size() - 1).index();
            if (l != 0 && nf > l + 1 && w.compactTo() < l) {
                throw new IllegalArgumentException(
                        "raft log would have a gap: stored entries end at " + l + ", new ones start at " + nf);
            }
            if (l != 0 && l > nl && nf <= l) {
                truncateFrom = nl + 1;
            }
            lowest = Math.min(lowest, nf);
            f = (l == 0 || nf <= f || nf > l + 1) ? nf : f;
            l = nl;
        }
        long c = w.compactTo();
        boolean dropPrefix = c > 0 && lowest <= c;
        if (dropPrefix && l != 0 && f <= c) {
            f = c >= l ? 0 : c + 1;
            l = c >= l ? 0 : l;
        }
        if (w.hardState().isPresent()) {
            batch.put(
                    db.meta,
                    Schema.LOG_META_HARD_STATE,
                    Schema.logValue(Schema.LOG_META_HARD_STATE, w.hardState().get()));
        }
        for (LogEntry e : entries) {
            byte[] key = Schema.logEntryKey(e.index());
            batch.put(db.entries, key, Schema.logValue(key, e.bytes()));
        }
        if (truncateFrom > 0) {
            batch.deleteRange(db.entries, Schema.logEntryKey(truncateFrom), END_OF_ENTRIES);
        }
        if (w.snapshotMetadata().isPresent()) {
            batch.put(
                    db.meta,
                    Schema.LOG_META_SNAPSHOT,
                    Schema.logValue(
                            Schema.LOG_META_SNAPSHOT, w.snapshotMetadata().get()));
        }
        if (dropPrefix) {
            batch.deleteRange(db.entries, Schema.logEntryKey(0), Schema.logEntryKey(c + 1));
        }
        return new long[] {f, l};
    }

    @Override
    public Recovered recover() {
        open.readLock().lock();
        try {
            if (isClosed()) {
                throw new StorageException("raft log is closed");
            }
            Snapshot snapshot = db.db.getSnapshot();
            try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
                Optional<ByteString> hardState = readMeta(options, Schema.LOG_META_HARD_STATE, "hard state");
                Optional<ByteString> snapshotMetadata =
                        readMeta(options, Schema.LOG_META_SNAPSHOT, "snapshot metadata");
                return new Recovered(hardState, snapshotMetadata, readEntries(options));
            } finally {
                db.db.releaseSnapshot(snapshot);
            }
        } finally {
            open.readLock().unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private Optional<ByteString> readMeta(ReadOptions options, byte[] key, String what) {
        byte[] value;
        try {
            value = db.db.get(db.meta, options, key);
        } catch (RocksDBException e) {
            throw new StorageException("cannot read the raft log's " + what, e);
        }
        if (value == null) {
            return Optional.empty();
        }
        ByteString payload = Schema.logPayload(key, value);
        if (payload == null) {
            throw new StorageException("raft log " + what + " is corrupt: checksum mismatch");
        }
        return Optional.of(payload);
    }

    private List<LogEntry> readEntries(ReadOptions options) {
        List<LogEntry> out = new ArrayList<>();
        try (RocksIterator it = db.db.newIterator(db.entries, options)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length != 8) {
                    throw new StorageException("raft log entry key of " + key.length + " bytes is corrupt");
                }
                long index = Schema.logEntryIndex(key);
                ByteString payload = Schema.logPayload(key, it.value());
                if (payload == null) {
                    throw new StorageException("raft log entry at index " + index + " is corrupt: checksum mismatch");
                }
                if (!out.isEmpty() && index != out.get(out.size() - 1).index() + 1) {
                    throw new StorageException("raft log is missing entries between index "
                            + out.get(out.size() - 1).index() + " and " + index);
                }
                out.add(new LogEntry(index, payload));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("cannot read the raft log's entries", e);
        }
        return out;
    }

    @Override
    public void close() {
        open.writeLock().lock();
        try {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                while (leading) {
                    turn.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
            db.close();
        } finally {
            open.writeLock().unlock();
        }
    }
}
