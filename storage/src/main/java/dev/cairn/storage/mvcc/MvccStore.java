package dev.cairn.storage.mvcc;

import java.util.concurrent.CompletableFuture;

/**
 * The multi-version store. Thread-safe: any thread may read or submit writes.
 *
 * <p>Writes run one at a time on the store's single writer thread, in submission order; the
 * writer groups the writes it finds waiting into one RocksDB batch and one fsync, and completes
 * each write's future only after that batch is on stable storage. Reads see only durable,
 * committed state.
 */
public interface MvccStore extends AutoCloseable {

    /**
     * A consistent point-in-time view of the committed state. The caller must close it (it pins a
     * RocksDB snapshot).
     */
    ReadView read();

    /**
     * Runs {@code body} on the writer thread inside one write transaction: every change it makes
     * gets the same main revision (current + 1) and increasing sub revisions; if it changes
     * nothing, the revision does not move. If {@code body} throws, its changes are discarded and
     * the future fails with that exception. The future completes only after the batch holding the
     * transaction is fsynced.
     */
    <T> CompletableFuture<T> write(WriteBody<T> body);

    /**
     * Compacts history at {@code revision} (etcd's Compact). The first future completes when the
     * compaction is logically applied and durable (reads below {@code revision} fail from then
     * on); {@link Compaction#physicalDone()} completes when the old versions are gone from disk.
     *
     * @throws CompactedException synchronously-failed future if revision <= compact revision
     * @throws FutureRevisionException failed future if revision > current revision
     */
    CompletableFuture<Compaction> compact(long revision);

    /**
     * Registers a listener for every write transaction that changed at least one key, called
     * after its group is durable, in revision order, on the store's completer thread, before the
     * transaction's own future completes. Listeners must not block. A listener that throws is
     * logged and skipped for that transaction. Transactions that complete before the listener is
     * added are not delivered to it (use {@link ReadView#events} to catch up).
     */
    void addCommitListener(CommitListener listener);

    /** Physical size of the database files in bytes (etcd's dbSize). */
    long dbSizeBytes();

    /** Estimated bytes of live data (etcd's dbSizeInUse). */
    long dbSizeInUseBytes();

    @Override
    void close();

    /** The body of a write transaction; runs on the writer thread. */
    @FunctionalInterface
    interface WriteBody<T> {
        T apply(WriteTxn txn) throws Exception;
    }

    /** The result of a logical compaction. */
    record Compaction(long revision, CompletableFuture<Void> physicalDone) {}
}
