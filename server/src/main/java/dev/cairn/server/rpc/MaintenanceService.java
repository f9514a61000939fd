package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import dev.cairn.proto.etcdserverpb.StatusResponse;
import dev.cairn.server.kv.KvApplier;
import dev.cairn.storage.mvcc.MvccStore;
import io.grpc.stub.StreamObserver;

/**
 * etcd's Maintenance service; only Status exists so far, every other RPC answers UNIMPLEMENTED.
 * Status describes a single member that is its own leader: raftTerm 1, raftIndex and
 * raftAppliedIndex from {@link KvApplier#appliedIndex()} (a stand-in until raft exists), the
 * default 2 GiB quota.
 *
 * <p>Thread-safe and owns no threads: answers on the gRPC thread that delivered the request.
 */
final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
    /** etcd's quota when --quota-backend-bytes is unset: 2 GiB. */
    static final long DEFAULT_QUOTA_BYTES = 2L * 1024 * 1024 * 1024;

    private final MvccStore store;
    private final KvApplier applier;
    private final Headers headers;
    private final long memberId;

    MaintenanceService(MvccStore store, KvApplier applier, Headers headers, long memberId) {
        this.store = store;
        this.applier = applier;
        this.headers = headers;
        this.memberId = memberId;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        StatusResponse response;
        try {
            long appliedIndex = applier.appliedIndex();
            response = StatusResponse.newBuilder()
                    .setHeader(headers.withRevision(applier.currentRevision()))
                    .setVersion(Versions.SERVER)
                    .setDbSize(store.dbSizeBytes())
                    .setDbSizeInUse(store.dbSizeInUseBytes())
                    .setLeader(memberId)
                    .setRaftIndex(appliedIndex)
                    .setRaftAppliedIndex(appliedIndex)
                    .setRaftTerm(Headers.RAFT_TERM)
                    .setIsLearner(false)
                    .setStorageVersion(Versions.STORAGE)
                    .setDbSizeQuota(DEFAULT_QUOTA_BYTES)
                    .build();
        } catch (Throwable t) {
            UnaryCalls.fail(observer, t);
            return;
        }
        UnaryCalls.complete(observer, response);
    }
}
