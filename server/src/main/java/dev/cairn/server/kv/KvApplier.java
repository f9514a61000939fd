package dev.cairn.server.kv;

import com.google.protobuf.Message;
import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.CompactionResponse;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.server.replication.Proposer;
import dev.cairn.server.replication.ReadBarrier;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * etcd's KV requests on an {@link MvccStore}, the proposing side. Every method validates the
 * request as etcd does before anything is proposed, then: reads (Range, read-only Txn) wait for
 * the {@link ReadBarrier} unless serializable and run on a snapshot {@link ReadView} in the
 * calling thread; writes (Put, DeleteRange, any other Txn, Compact) are proposed through the
 * {@link Proposer} and answered when this member has applied them ({@link KvMachine} is the apply
 * side), so a whole Txn (compares, pre-checks, ops) is atomic and in log order on every member.
 *
 * <p>Methods never throw: failures, validation included, come back as a failed future holding a
 * {@link KvException}, a storage or a replication exception. Write futures complete on the thread
 * that finished the apply (the store's completer thread). Response headers carry only {@code
 * revision}; the caller adds the cluster-level fields.
 *
 * <p>Thread-safe: any thread may call; the applier owns no threads.
 */
public final class KvApplier {
    private final MvccStore store;
    private final KvLimits limits;
    private final Proposer proposer;
    private final ReadBarrier readBarrier;

    public KvApplier(MvccStore store, KvLimits limits, Proposer proposer, ReadBarrier readBarrier) {
        this.store = store;
        this.limits = limits;
        this.proposer = proposer;
        this.readBarrier = readBarrier;
    }

    public CompletableFuture<RangeResponse> range(RangeRequest r) {
        try {
            RequestValidator.checkRange(r);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return read(r.getSerializable(), () -> {
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
                () -> propose(ReplicatedRequest.newBuilder().setPut(r), PutResponse.class));
    }

    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest r) {
        return admitWrite(
                () -> {
                    RequestValidator.checkDeleteRange(r);
                    return r.getSerializedSize();
                },
                () -> propose(ReplicatedRequest.newBuilder().setDeleteRange(r), DeleteRangeResponse.class));
    }

    /**
     * A Txn; read-only ones (only Range ops in both branches) are not proposed, and skip the read
     * barrier when every Range in them is serializable (etcd's isTxnSerializable).
     */
    public CompletableFuture<TxnResponse> txn(TxnRequest r) {
        try {
            RequestValidator.checkTxn(r, limits.maxTxnOps());
            TxnDuplicateCheck.check(r);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (TxnPlan.isReadOnly(r)) {
            return read(isSerializable(r), () -> {
                try (ReadView view = store.read()) {
                    return TxnExecutor.run(TxnState.reading(view), r, id -> false);
                }
            });
        }
        return admitWrite(
                r::getSerializedSize,
                () -> propose(ReplicatedRequest.newBuilder().setTxn(r), TxnResponse.class));
    }

    /**
     * Compacts at the requested revision. Completes once the compaction is applied and durable,
     * or, for a physical compaction, once the old versions are gone too. The header reports the
     * store's revision at that moment.
     */
    public CompletableFuture<CompactionResponse> compact(CompactionRequest r) {
        return admitWrite(
                r::getSerializedSize,
                () -> proposer.propose(
                                ReplicatedRequest.newBuilder().setCompaction(r).build())
                        .thenCompose(applied -> r.getPhysical()
                                ? applied.physicalDone()
                                : CompletableFuture.<Void>completedFuture(null))
                        .thenApply(done -> CompactionResponse.newBuilder()
                                .setHeader(KvOps.header(currentRevision()))
                                .build()));
    }

    /** The store's current revision. */
    public long currentRevision() {
        try (ReadView view = store.read()) {
            return view.currentRevision();
        }
    }

    private <M extends Message> CompletableFuture<M> propose(ReplicatedRequest.Builder request, Class<M> type) {
        return proposer.propose(request.build()).thenApply(applied -> applied.response(type));
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

    /** Runs {@code body} now if serializable, else once the read barrier lets it. */
    private <T> CompletableFuture<T> read(boolean serializable, Supplier<T> body) {
        if (serializable) {
            return readNow(body);
        }
        return readBarrier.linearizable().thenCompose(ready -> readNow(body));
    }

    private static <T> CompletableFuture<T> readNow(Supplier<T> body) {
        try {
            return CompletableFuture.completedFuture(body.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** etcd's isTxnSerializable: every op of both branches is a serializable Range. */
    private static boolean isSerializable(TxnRequest r) {
        for (RequestOp op : r.getSuccessList()) {
            if (!op.hasRequestRange() || !op.getRequestRange().getSerializable()) {
                return false;
            }
        }
        for (RequestOp op : r.getFailureList()) {
            if (!op.hasRequestRange() || !op.getRequestRange().getSerializable()) {
                return false;
            }
        }
        return true;
    }
}
