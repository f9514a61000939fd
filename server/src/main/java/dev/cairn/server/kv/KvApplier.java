package dev.cairn.server.kv;

import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.CompactionResponse;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * etcd's KV requests on an {@link MvccStore}. Every method validates the request as etcd does,
 * then runs it: reads (Range, read-only Txn) on a snapshot {@link ReadView} in the calling thread,
 * writes (Put, DeleteRange, any other Txn) as one {@link MvccStore#write} body on the store's
 * writer thread, so a whole Txn (compares, pre-checks, ops) is atomic.
 *
 * <p>Methods never throw: failures, validation included, come back as a failed future holding a
 * {@link KvException} or a storage exception. Write futures complete on the store's thread.
 * Response headers carry only {@code revision}; the caller adds the cluster-level fields.
 *
 * <p>Thread-safe: any thread may call; the applier owns no threads.
 */
public final class KvApplier {
    private final MvccStore store;
    private final KvLimits limits;
    private final LeaseLookup leases;
    private final AtomicLong appliedWrites = new AtomicLong();

    public KvApplier(MvccStore store, KvLimits limits, LeaseLookup leases) {
        this.store = store;
        this.limits = limits;
        this.leases = leases;
    }

    public CompletableFuture<RangeResponse> range(RangeRequest r) {
        return read(() -> {
            RequestValidator.checkRange(r);
            try (ReadView view = store.read()) {
                return KvOps.range(TxnState.reading(view), r);
            }
        });
    }

    public CompletableFuture<PutResponse> put(PutRequest r) {
        return admitWrite(
                () -> {
                    RequestValidator.checkPut(r);
                    return r.getSerializedSize();
                },
                () -> write(txn -> {
                    if (r.getLease() != 0 && !leases.exists(r.getLease())) {
                        throw new KvException.LeaseNotFound(r.getLease());
                    }
                    return KvOps.put(TxnState.writing(txn), r);
                }));
    }

    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest r) {
        return admitWrite(
                () -> {
                    RequestValidator.checkDeleteRange(r);
                    return r.getSerializedSize();
                },
                () -> write(txn -> KvOps.deleteRange(TxnState.writing(txn), r)));
    }

    /** A Txn; read-only ones (only Range ops in both branches) do not go through the writer. */
    public CompletableFuture<TxnResponse> txn(TxnRequest r) {
        try {
            RequestValidator.checkTxn(r, limits.maxTxnOps());
            TxnDuplicateCheck.check(r);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (TxnPlan.isReadOnly(r)) {
            return read(() -> {
                try (ReadView view = store.read()) {
                    return TxnExecutor.run(TxnState.reading(view), r, leases);
                }
            });
        }
        return admitWrite(r::getSerializedSize, () -> write(txn -> TxnExecutor.run(TxnState.writing(txn), r, leases)));
    }

    /**
     * Compacts at the requested revision. Completes once the compaction is durable, or, for a
     * physical compaction, once the old versions are gone too. The header reports the store's
     * revision at that moment.
     */
    public CompletableFuture<CompactionResponse> compact(CompactionRequest r) {
        return admitWrite(r::getSerializedSize, () -> compactNow(r));
    }

    /**
     * Stand-in for raft's applied index until raft exists: the number of write requests (Put,
     * DeleteRange, writing Txn, Compact) this applier has applied since it was created, successful
     * or not, plus one. It restarts at 1 with the process.
     */
    public long appliedIndex() {
        return appliedWrites.get() + 1;
    }

    /** The store's current revision. */
    public long currentRevision() {
        try (ReadView view = store.read()) {
            return view.currentRevision();
        }
    }

    private CompletableFuture<CompactionResponse> compactNow(CompactionRequest r) {
        return store.compact(r.getRevision())
                .whenComplete((compaction, failure) -> appliedWrites.incrementAndGet())
                .thenCompose(compaction ->
                        r.getPhysical() ? compaction.physicalDone() : CompletableFuture.<Void>completedFuture(null))
                .thenApply(done -> CompactionResponse.newBuilder()
                        .setHeader(KvOps.header(currentRevision()))
                        .build());
    }

    private <T> CompletableFuture<T> write(MvccStore.WriteBody<T> body) {
        return store.write(body).whenComplete((result, failure) -> appliedWrites.incrementAndGet());
    }

    /** Validates (returning the request's size), checks the size, then starts the write. */
    private <T> CompletableFuture<T> admitWrite(Supplier<Integer> validate, Supplier<CompletableFuture<T>> start) {
        try {
            RequestSize.check(validate.get(), limits.maxRequestBytes());
            return start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> CompletableFuture<T> read(Supplier<T> body) {
        try {
            return CompletableFuture.completedFuture(body.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
