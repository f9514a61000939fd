package dev.cairn.server.node;

import dev.cairn.proto.etcdserverpb.ClusterGrpc;
import dev.cairn.proto.etcdserverpb.Member;
import dev.cairn.proto.etcdserverpb.MemberPromoteRequest;
import dev.cairn.proto.etcdserverpb.MemberPromoteResponse;
import dev.cairn.server.membership.ClusterMember;
import dev.cairn.server.membership.Membership;
import dev.cairn.server.membership.MembershipException;
import dev.cairn.server.membership.PromoteForwarder;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a MemberPromote from a follower to the leader, as etcd does (only the leader knows
 * whether the learner caught up): a Cluster.MemberPromote call on the leader's first plaintext
 * client URL, its answer or its error status (etcd's text) passed back as they are. Without a
 * leader, or when the leader publishes only {@code https} client URLs, the promote fails with
 * {@code etcdserver: not leader} (forwarding over TLS is not implemented).
 *
 * <p>Thread-safe; one short-lived channel per forwarded call, which blocks the calling thread for
 * at most the request timeout.
 */
public final class LeaderPromoteForwarder implements PromoteForwarder {
    private final RaftNode node;
    private final Membership membership;
    private final Duration timeout;

    public LeaderPromoteForwarder(RaftNode node, Membership membership, Duration timeout) {
        this.node = node;
        this.membership = membership;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<List<ClusterMember>> forwardPromote(long memberId) {
        long leader = node.leader();
        Optional<URI> url = leader == 0 || leader == node.id()
                ? Optional.empty()
                : membership
                        .current()
                        .member(leader)
                        .flatMap(m -> m.clientUrls().stream()
                                .map(URI::create)
                                .filter(u -> "http".equals(u.getScheme()))
                                .findFirst());
        if (url.isEmpty()) {
            return CompletableFuture.failedFuture(new MembershipException.NotLeader());
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(
                        url.get().getHost(), url.get().getPort())
                .usePlaintext()
                .build();
        CompletableFuture<List<ClusterMember>> result = new CompletableFuture<>();
        try {
            MemberPromoteResponse r = ClusterGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .memberPromote(
                            MemberPromoteRequest.newBuilder().setID(memberId).build());
            result.complete(r.getMembersList().stream()
                    .map(LeaderPromoteForwarder::member)
                    .toList());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            channel.shutdownNow();
        }
        return result;
    }

    private static ClusterMember member(Member m) {
        return new ClusterMember(m.getID(), m.getName(), m.getPeerURLsList(), m.getClientURLsList(), m.getIsLearner());
    }
}
