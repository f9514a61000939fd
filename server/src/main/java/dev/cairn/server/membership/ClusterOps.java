package dev.cairn.server.membership;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * etcd's Cluster service and Maintenance.MoveLeader as domain operations; the gRPC services adapt
 * them. Every future fails with a {@link MembershipException} for etcd's membership errors, or with
 * the raft driver's errors (no leader, timeout, stopped). Member lists are ordered by ID (unsigned),
 * as etcd lists them. Implementations are thread-safe and do not block the caller.
 */
public interface ClusterOps {
    /** The member a MemberAdd created, and every member after it was applied. */
    record Added(ClusterMember member, List<ClusterMember> members) {
        public Added {
            members = List.copyOf(members);
        }
    }

    CompletableFuture<Added> memberAdd(List<String> peerUrls, boolean learner);

    CompletableFuture<List<ClusterMember>> memberRemove(long id);

    CompletableFuture<List<ClusterMember>> memberUpdate(long id, List<String> peerUrls);

    CompletableFuture<List<ClusterMember>> memberPromote(long id);

    /** The applied members; with {@code linearizable}, after a read barrier (etcd 3.5+). */
    CompletableFuture<List<ClusterMember>> memberList(boolean linearizable);

    /** Transfers leadership to {@code target}, waiting at most {@code timeout} for it to happen. */
    CompletableFuture<Void> moveLeader(long target, Duration timeout);
}
