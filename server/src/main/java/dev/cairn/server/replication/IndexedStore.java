package dev.cairn.server.replication;

import dev.cairn.storage.mvcc.MvccStore;
import java.util.concurrent.CompletableFuture;

/**
 * The store's writes with the raft index they apply (the contract of docs/design/raft.md: the
 * applied index is recorded in the same RocksDB batch as the write, even when the body throws).
 * The one place that knows how the store takes the index. Thread-safe (as the store).
 */
final class IndexedStore {
    private final MvccStore store;

    IndexedStore(MvccStore store) {
        this.store = store;
    }

    <T> CompletableFuture<T> write(long index, MvccStore.WriteBody<T> body) {
        return store.write(index, body);
    }

    CompletableFuture<MvccStore.Compaction> compact(long revision, long index) {
        return store.compact(revision, index);
    }

    /** The last index recorded in the store (0 for a new store). */
    long appliedIndex() {
        return store.appliedIndex();
    }
}
