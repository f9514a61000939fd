package dev.cairn.server.replication;

import dev.cairn.proto.raftpb.MemberAttributes;
import dev.cairn.storage.mvcc.WriteTxn;

/**
 * The membership changes that travel as replicated requests (not conf changes), implemented over
 * the membership package: a member's published name and client URLs. Runs inside one store write
 * body on the store's writer thread, in log order; deterministic.
 */
@FunctionalInterface
public interface ClusterStateMachine {

    /** Applies a member's published attributes (etcd's ClusterMemberAttrSetRequest). */
    void publish(WriteTxn txn, MemberAttributes attributes);

    /**
     * For a member without a cluster (a single member before raft): a published-attributes entry
     * fails as a request (its index is still recorded), since nothing proposes one there.
     */
    ClusterStateMachine NONE = (txn, attributes) -> {
        throw new IllegalStateException("member attributes applied on a member without membership");
    };
}
