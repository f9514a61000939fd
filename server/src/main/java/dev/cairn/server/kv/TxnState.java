package dev.cairn.server.kv;

import dev.cairn.storage.mvcc.ReadView;
import dev.cairn.storage.mvcc.WriteTxn;
import org.jspecify.annotations.Nullable;

/**
 * What one request sees while it runs: a read view (or a write transaction, which is also a read
 * view) and the revision its response headers report. Owned by the thread running the request
 * (a gRPC thread for reads, the store's writer thread for writes); not thread-safe.
 */
final class TxnState {
    private final ReadView view;
    private final @Nullable WriteTxn writer;
    private final long beginRevision;
    private boolean changed;

    private TxnState(ReadView view, @Nullable WriteTxn writer, long beginRevision) {
        this.view = view;
        this.writer = writer;
        this.beginRevision = beginRevision;
    }

    /** A read-only request over {@code view}. */
    static TxnState reading(ReadView view) {
        return new TxnState(view, null, view.currentRevision());
    }

    /** A request that may write through {@code txn}. */
    static TxnState writing(WriteTxn txn) {
        return new TxnState(txn, txn, txn.writeRevision() - 1);
    }

    ReadView view() {
        return view;
    }

    WriteTxn writer() {
        if (writer == null) {
            throw new IllegalStateException("a read-only request tried to write");
        }
        return writer;
    }

    /** The store revision before this request changed anything. */
    long beginRevision() {
        return beginRevision;
    }

    /** The store's revision as this request sees it now: one more once it has changed a key. */
    long revision() {
        return changed ? beginRevision + 1 : beginRevision;
    }

    void markChanged() {
        changed = true;
    }
}
