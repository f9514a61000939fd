package dev.cairn.server.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The index of the last entry the apply thread applied, with futures that complete once it reaches
 * a given index (read barriers wait on it). Thread-safe: the apply thread advances it; any thread
 * reads or waits. Futures complete on the advancing thread, outside the lock.
 */
public final class AppliedIndex {
    private volatile long index; // written under this
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>(); // guarded by this

    AppliedIndex(long initial) {
        this.index = initial;
    }

    /** The last applied index. */
    public long get() {
        return index;
    }

    /** Completes once the applied index is at least {@code target} (at once if it already is). */
    public CompletableFuture<Void> await(long target) {
        synchronized (this) {
            if (index < target) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                waiters.computeIfAbsent(target, k -> new ArrayList<>()).add(f);
                return f;
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    void advanceTo(long applied) {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        synchronized (this) {
            if (applied <= index) {
                return;
            }
            index = applied;
            Map<Long, List<CompletableFuture<Void>>> head = waiters.headMap(applied, true);
            head.values().forEach(due::addAll);
            head.clear();
        }
        due.forEach(f -> f.complete(null));
    }

    /** Fails every waiter (the node stopped). */
    void failAll(Throwable cause) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            waiters.values().forEach(all::addAll);
            waiters.clear();
        }
        all.forEach(f -> f.completeExceptionally(cause));
    }
}
