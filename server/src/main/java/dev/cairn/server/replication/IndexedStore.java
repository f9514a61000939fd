package dev.cairn.server.replication;

import dev.cairn.storage.mvcc.MvccStore;
import java.util.concurrent.CompletableFuture;

/**
 * The store's writes with the raft index they apply (the contract of docs/design/raft.md: the
 * applied index is recorded in the same RocksDB batch as the write, even when the body throws).
 * The one place that knows how the store takes the index. Thread-safe (as the store).
 *
 * <p>Until the store's indexed methods ({@code write(index, body)}, {@code compact(revision,
 * index)}, {@code appliedIndex()}) exist, the index is dropped here and the applied index is not
 * persisted: a restarted single member counts from 1 again, as before replication.
 */
final class IndexedStore {
    private final MvccStore store;

    IndexedStore(MvccStore store) {
        this.store = store;
    }

    <T> CompletableFuture<T> write(long index, MvccStore.WriteBody<T> body) {
        return store.write(body);
    }

    CompletableFuture<MvccStore.Compaction> compact(long revision, long index) {
        return store.compact(revision);
    }

    /** The last index recorded in the store (0 for a new store). */
    long appliedIndex() {
        return 0;
    }
}
