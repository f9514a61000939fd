package dev.cairn.storage.mvcc;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps native calls away from a closed database. Reads run under the read lock and check that
 * the store is open; {@link #shutDown} takes the write lock, marks the store closed and frees every
 * open view's (and snapshot export's) snapshot before the database closes. Thread-safe.
 */
final class Lifecycle {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    @GuardedBy("lock")
    private boolean closed;

    @GuardedBy("views")
    private final Set<Pinned> views = new HashSet<>();

    /** Something that pins a RocksDB snapshot: a read view or a snapshot export. */
    interface Pinned {
        /** Frees the snapshot; called once, while the database is still open. */
        void releaseSnapshot();
    }

    /** Runs {@code action} if the store is open, else throws {@link StorageException}. */
    <T> T whileOpen(Supplier<T> action) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new StorageException("store is closed");
            }
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Remembers a view so that closing the store frees its snapshot. */
    <P extends Pinned> P register(P view) {
        synchronized (views) {
            views.add(view);
        }
        return view;
    }

    /** Frees a view's snapshot (unless the store already did). */
    void release(Pinned view) {
        lock.readLock().lock();
        try {
            synchronized (views) {
                if (!views.remove(view)) {
                    return;
                }
            }
            if (!closed) {
                view.releaseSnapshot();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Marks the store closed, frees open snapshots, then runs {@code closer}. Idempotent. */
    void shutDown(Runnable closer) {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (views) {
                views.forEach(Pinned::releaseSnapshot);
                views.clear();
            }
            closer.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
