package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.MoveLeaderRequest;
import dev.cairn.proto.etcdserverpb.MoveLeaderResponse;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import dev.cairn.proto.etcdserverpb.StatusResponse;
import dev.cairn.server.kv.KvApplier;
import dev.cairn.server.membership.ClusterOps;
import dev.cairn.server.membership.RaftStatus;
import dev.cairn.server.membership.RaftStatusSource;
import dev.cairn.storage.mvcc.MvccStore;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * etcd's Maintenance service: Status and, on a raft member, MoveLeader; every other RPC answers
 * UNIMPLEMENTED. Status takes its raft fields (leader, raftIndex = committed index,
 * raftAppliedIndex, raftTerm, isLearner, the "no leader" error) from a {@link RaftStatusSource};
 * without raft that is a single member leading itself in term 1 with the store's applied index.
 * Reports the default 2 GiB quota.
 *
 * <p>Thread-safe and owns no threads: Status answers on the gRPC thread that delivered the
 * request, MoveLeader on the thread that completes the transfer.
 */
final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
    /** etcd's quota when --quota-backend-bytes is unset: 2 GiB. */
    static final long DEFAULT_QUOTA_BYTES = 2L * 1024 * 1024 * 1024;

    /** Status's error when the member knows no leader. */
    static final String NO_LEADER = "etcdserver: no leader";

    private final MvccStore store;
    private final KvApplier applier;
    private final Headers headers;
    private final RaftStatusSource raft;
    private final @Nullable ClusterOps cluster;
    private final Duration transferTimeout;

    /**
     * A single member without raft: its own leader, no MoveLeader; everything applied is
     * committed.
     */
    MaintenanceService(MvccStore store, KvApplier applier, Headers headers, long memberId, LongSupplier appliedIndex) {
        this(
                store,
                applier,
                headers,
                () -> new RaftStatus(
                        memberId,
                        memberId,
                        Headers.RAFT_TERM,
                        appliedIndex.getAsLong(),
                        appliedIndex.getAsLong(),
                        false,
                        Map.of(),
                        Map.of()),
                null,
                Duration.ofSeconds(7));
    }

    /**
     * A raft member.
     *
     * @param cluster serves MoveLeader (null: UNIMPLEMENTED)
     * @param transferTimeout how long MoveLeader waits when the client set no shorter deadline
     *     (etcd's request timeout)
     */
    MaintenanceService(
            MvccStore store,
            KvApplier applier,
            Headers headers,
            RaftStatusSource raft,
            @Nullable ClusterOps cluster,
            Duration transferTimeout) {
        this.store = store;
        this.applier = applier;
        this.headers = headers;
        this.raft = raft;
        this.cluster = cluster;
        this.transferTimeout = transferTimeout;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        StatusResponse response;
        try {
            RaftStatus s = raft.status();
            StatusResponse.Builder b = StatusResponse.newBuilder()
                    .setHeader(headers.withRevision(applier.currentRevision()))
                    .setVersion(Versions.SERVER)
                    .setDbSize(store.dbSizeBytes())
                    .setDbSizeInUse(store.dbSizeInUseBytes())
                    .setLeader(s.leader())
                    .setRaftIndex(s.commitIndex())
                    .setRaftAppliedIndex(s.appliedIndex())
                    .setRaftTerm(s.term())
                    .setIsLearner(s.learner())
                    .setStorageVersion(Versions.STORAGE)
                    .setDbSizeQuota(DEFAULT_QUOTA_BYTES);
            if (s.leader() == 0) {
                b.addErrors(NO_LEADER);
            }
            response = b.build();
        } catch (Throwable t) {
            UnaryCalls.fail(observer, t);
            return;
        }
        UnaryCalls.complete(observer, response);
    }

    @Override
    public void moveLeader(MoveLeaderRequest request, StreamObserver<MoveLeaderResponse> observer) {
        ClusterOps ops = cluster;
        if (ops == null) {
            super.moveLeader(request, observer);
            return;
        }
        UnaryCalls.answer(
                () -> ops.moveLeader(request.getTargetID(), timeout())
                        .thenApply(done -> MoveLeaderResponse.newBuilder()
                                .setHeader(headers.withRevision(applier.currentRevision()))
                                .build()),
                observer,
                UnaryOperator.identity());
    }

    /** The transfer timeout, shortened to the client's deadline when that comes first. */
    private Duration timeout() {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            return transferTimeout;
        }
        Duration left = Duration.ofNanos(Math.max(1, deadline.timeRemaining(TimeUnit.NANOSECONDS)));
        return left.compareTo(transferTimeout) < 0 ? left : transferTimeout;
    }
}
