package dev.cairn.server.membership;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a MemberPromote to the leader: only the leader knows whether a learner has caught up, so
 * a follower forwards promotes (etcd does so over its peer HTTP API; Cairn over the peer gRPC
 * service). The leader answers with {@link ClusterOps#memberPromote} there. Implemented by the
 * node driver with the peer transport; thread-safe.
 *
 * <p>As etcd: retries other errors until the request timeout, but gives up at once on {@link
 * MembershipException.LearnerNotReady}, {@link MembershipException.MemberNotFound} and {@link
 * MembershipException.NotLearner}, which complete the future exceptionally as they are.
 */
@FunctionalInterface
public interface PromoteForwarder {
    /** The members after the leader applied the promote. */
    CompletableFuture<List<ClusterMember>> forwardPromote(long memberId);
}
