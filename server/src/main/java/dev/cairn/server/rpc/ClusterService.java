package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.ClusterGrpc;
import dev.cairn.proto.etcdserverpb.Member;
import dev.cairn.proto.etcdserverpb.MemberAddRequest;
import dev.cairn.proto.etcdserverpb.MemberAddResponse;
import dev.cairn.proto.etcdserverpb.MemberListRequest;
import dev.cairn.proto.etcdserverpb.MemberListResponse;
import dev.cairn.proto.etcdserverpb.MemberPromoteRequest;
import dev.cairn.proto.etcdserverpb.MemberPromoteResponse;
import dev.cairn.proto.etcdserverpb.MemberRemoveRequest;
import dev.cairn.proto.etcdserverpb.MemberRemoveResponse;
import dev.cairn.proto.etcdserverpb.MemberUpdateRequest;
import dev.cairn.proto.etcdserverpb.MemberUpdateResponse;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.server.membership.ClusterMember;
import dev.cairn.server.membership.ClusterOps;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * etcd's Cluster service over {@link ClusterOps}. Responses carry cluster_id, member_id and
 * raft_term in their header and leave revision 0, as etcd 3.6 does; members are listed by ID.
 * MemberAdd's {@code member} has only the ID, peer URLs and learner flag (a new member has no name
 * or client URLs yet).
 *
 * <p>Thread-safe and owns no threads: answers go out on the thread that completes the operation's
 * future (the apply thread for changes, the gRPC thread for a serializable MemberList).
 */
final class ClusterService extends ClusterGrpc.ClusterImplBase {
    private final ClusterOps ops;
    private final Headers headers;

    ClusterService(ClusterOps ops, Headers headers) {
        this.ops = ops;
        this.headers = headers;
    }

    @Override
    public void memberAdd(MemberAddRequest request, StreamObserver<MemberAddResponse> observer) {
        UnaryCalls.answer(
                () -> ops.memberAdd(request.getPeerURLsList(), request.getIsLearner())
                        .thenApply(added -> MemberAddResponse.newBuilder()
                                .setHeader(header())
                                .setMember(Member.newBuilder()
                                        .setID(added.member().id())
                                        .addAllPeerURLs(added.member().peerUrls())
                                        .setIsLearner(added.member().learner()))
                                .addAllMembers(protos(added.members()))
                                .build()),
                observer,
                UnaryOperator.identity());
    }

    @Override
    public void memberRemove(MemberRemoveRequest request, StreamObserver<MemberRemoveResponse> observer) {
        UnaryCalls.answer(
                () -> ops.memberRemove(request.getID())
                        .thenApply(members -> MemberRemoveResponse.newBuilder()
                                .setHeader(header())
                                .addAllMembers(protos(members))
                                .build()),
                observer,
                UnaryOperator.identity());
    }

    @Override
    public void memberUpdate(MemberUpdateRequest request, StreamObserver<MemberUpdateResponse> observer) {
        UnaryCalls.answer(
                () -> ops.memberUpdate(request.getID(), request.getPeerURLsList())
                        .thenApply(members -> MemberUpdateResponse.newBuilder()
                                .setHeader(header())
                                .addAllMembers(protos(members))
                                .build()),
                observer,
                UnaryOperator.identity());
    }

    @Override
    public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> observer) {
        UnaryCalls.answer(
                () -> ops.memberList(request.getLinearizable())
                        .thenApply(members -> MemberListResponse.newBuilder()
                                .setHeader(header())
                                .addAllMembers(protos(members))
                                .build()),
                observer,
                UnaryOperator.identity());
    }

    @Override
    public void memberPromote(MemberPromoteRequest request, StreamObserver<MemberPromoteResponse> observer) {
        UnaryCalls.answer(
                () -> ops.memberPromote(request.getID())
                        .thenApply(members -> MemberPromoteResponse.newBuilder()
                                .setHeader(header())
                                .addAllMembers(protos(members))
                                .build()),
                observer,
                UnaryOperator.identity());
    }

    private ResponseHeader header() {
        return headers.fill(ResponseHeader.getDefaultInstance());
    }

    private static List<Member> protos(List<ClusterMember> members) {
        return members.stream().map(ClusterMember::toProto).toList();
    }
}
