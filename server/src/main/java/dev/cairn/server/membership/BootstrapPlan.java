package dev.cairn.server.membership;

import dev.cairn.raft.Peer;
import java.util.List;

/**
 * How the raft node starts, decided from the flags (and, to join, from what a peer says) by {@link
 * BootstrapPlans}. Immutable.
 */
public sealed interface BootstrapPlan {
    /**
     * {@code --initial-cluster-state new} and no log yet: every member of {@code --initial-cluster}
     * with the ID etcd derives; raft bootstraps with {@link #peers()} (conf-change entries 1..n whose
     * application fills the membership).
     *
     * @param localId this member's ID
     * @param clusterId the cluster ID derived from all member IDs
     * @param members the initial members (unstarted: no name, no client URLs), by ID
     * @param peers the same members as raft peers, their records as context, by ID
     */
    record NewCluster(long localId, long clusterId, List<ClusterMember> members, List<Peer> peers)
            implements BootstrapPlan {
        public NewCluster {
            members = List.copyOf(members);
            peers = List.copyOf(peers);
        }
    }

    /**
     * {@code --initial-cluster-state existing} and no log yet: the member was added with MemberAdd
     * and learned its ID and the cluster ID from a peer. Raft starts with no peers and an empty log
     * (the leader sends the entries or a snapshot); the membership starts empty and fills as they
     * apply. {@link #existing()} tells the transport where the other members are until then.
     *
     * @param localId this member's ID, as the cluster recorded it
     * @param clusterId the existing cluster's ID
     * @param existing the members the peer listed, by ID
     */
    record Join(long localId, long clusterId, List<ClusterMember> existing) implements BootstrapPlan {
        public Join {
            existing = List.copyOf(existing);
        }
    }

    /**
     * A log exists: {@code --initial-cluster} and its state are ignored, as etcd ignores them; the
     * member and cluster IDs come from what the driver stored when it first started, the members
     * from the store's cluster records.
     */
    record Restart() implements BootstrapPlan {}
}
