package dev.cairn.storage.mvcc;

import com.google.protobuf.ByteString;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * The multi-version store. Thread-safe: any thread may read or submit writes.
 *
 * <p>Writes run one at a time on the store's single writer thread, in submission order; the
 * writer groups the writes it finds waiting into one RocksDB batch and one fsync, and completes
 * each write's future only after that batch is on stable storage. Reads see only committed state.
 *
 * <p>Writes that record a raft applied index ({@link #write(long, WriteBody)}, {@link #compact(long,
 * long)}) are the exception: the raft log they come from is already durable and replays every
 * entry above {@link #appliedIndex()} after a crash, so their batch is written (it survives the
 * process being killed) but not fsynced; it becomes durable with the next fsynced batch or {@link
 * #sync()}. Whoever truncates the raft log calls {@link #sync()} first.
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
     * As {@link #write(WriteBody)}, and records {@code appliedIndex} (the raft log index of the
     * entry this write applies) in the same RocksDB batch as the transaction's changes. The index
     * is recorded also when the body changes nothing or throws (a failed request is applied too):
     * the batch then carries just the index, and the future, failed with the body's exception,
     * completes only after that batch is written. So after a crash the data and {@link
     * #appliedIndex()} agree (RocksDB recovers a prefix of its batches), and replay resumes with
     * the next entry. The batch is not fsynced for this write (see the class comment).
     *
     * <p>Applied indexes are non-decreasing: an {@code appliedIndex} below the store's (as of the
     * writes submitted before this one) fails the future with {@link IllegalArgumentException}
     * without running the body or recording anything. Equal indexes are accepted (one raft entry
     * may be applied as several writes). {@link #write(WriteBody)} leaves the index unchanged.
     *
     * @throws IllegalArgumentException if {@code appliedIndex < 0}
     */
    <T> CompletableFuture<T> write(long appliedIndex, WriteBody<T> body);

    /**
     * The applied index recorded by the last written write or compaction that carried one (0 for a
     * new store), restored at open. Once a future of {@link #write(long, WriteBody)} or {@link
     * #compact(long, long)} has completed (either way), this is at least its index.
     */
    long appliedIndex();

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
     * As {@link #compact(long)}, and records {@code appliedIndex} in the same batch as the new
     * compact revision. If the compaction is rejected ({@link CompactedException}, {@link
     * FutureRevisionException}) the index is still recorded (written) before the future fails
     * with that exception: the raft entry was applied, its result just is an error. The index rule
     * is that of {@link #write(long, WriteBody)}.
     *
     * @throws IllegalArgumentException if {@code appliedIndex < 0}
     */
    CompletableFuture<Compaction> compact(long revision, long appliedIndex);

    /**
     * Registers a listener for every write transaction that changed at least one key, called
     * after its group is durable, in revision order, on the store's completer thread, before the
     * transaction's own future completes. Listeners must not block. A listener that throws is
     * logged and skipped for that transaction. Transactions that complete before the listener is
     * added are not delivered to it (use {@link ReadView#events} to catch up).
     */
    void addCommitListener(CommitListener listener);

    /**
     * Opens a consistent export of the whole store for a member too far behind the compacted raft
     * log: a RocksDB snapshot taken now, streamed as chunks of every column family (keys, history,
     * revisions, leases, cluster records and meta, so the applied index too), for {@link
     * MvccStores#installSnapshot}. Writes after this call are not in it. The caller must close it
     * (it pins a RocksDB snapshot); closing the store first frees it, and its later calls throw
     * {@link StorageException}.
     */
    SnapshotExport openSnapshotExport();

    /**
     * fsyncs the store: every write whose future completed before the call is durable when it
     * returns (one fsync, taken on the calling thread). Call before truncating the raft log up to
     * an index the store has applied.
     *
     * @throws StorageException if the store is closed or the fsync fails
     */
    void sync();

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

    /**
     * The chunks of a snapshot export, built lazily: each is at most about 1 MiB (a single record
     * larger than that gets a chunk of its own) and carries a CRC32C; the last one ends with a
     * record count so that a truncated stream is detected at install. Not thread-safe: one owner.
     */
    interface SnapshotExport extends Iterator<ByteString>, AutoCloseable {
        /** The applied index the snapshot is at (0 if the store never recorded one). */
        long appliedIndex();

        /** Frees the snapshot. Idempotent. */
        @Override
        void close();
    }

    /** The result of a logical compaction. */
    record Compaction(long revision, CompletableFuture<Void> physicalDone) {}
}
