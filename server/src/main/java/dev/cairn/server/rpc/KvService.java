package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.CompactionResponse;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.server.kv.KvApplier;
import io.grpc.stub.StreamObserver;

/**
 * etcd's KV service over the {@link KvApplier}. RangeStream (etcd 3.7) is left to the generated
 * default, which answers UNIMPLEMENTED; clients then fall back to paged Range.
 *
 * <p>Thread-safe and owns no threads: reads of a bounded number of keys are answered on the gRPC
 * thread that delivered the request, possibly large ones on the {@link ScanPool} (linearizable
 * ones once the read barrier lets them), writes on the thread that finished their apply on this
 * member.
 */
final class KvService extends KVGrpc.KVImplBase {
    private final KvApplier applier;
    private final Headers headers;

    KvService(KvApplier applier, Headers headers) {
        this.applier = applier;
        this.headers = headers;
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
        if (ScanPool.isSmall(request)) {
            answerRange(request, observer);
        } else {
            ScanPool.executor().execute(() -> answerRange(request, observer));
        }
    }

    private void answerRange(RangeRequest request, StreamObserver<RangeResponse> observer) {
        UnaryCalls.answer(
                () -> applier.range(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> observer) {
        UnaryCalls.answer(
                () -> applier.put(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    @Override
    public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
        UnaryCalls.answer(
                () -> applier.deleteRange(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    @Override
    public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
        if (ScanPool.isSmall(request)) {
            answerTxn(request, observer);
        } else {
            ScanPool.executor().execute(() -> answerTxn(request, observer));
        }
    }

    private void answerTxn(TxnRequest request, StreamObserver<TxnResponse> observer) {
        UnaryCalls.answer(
                () -> applier.txn(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    @Override
    public void compact(CompactionRequest request, StreamObserver<CompactionResponse> observer) {
        UnaryCalls.answer(
                () -> applier.compact(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }
}
