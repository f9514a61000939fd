package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.ResponseHeader;
import java.util.function.LongSupplier;

/**
 * Fills the cluster-level fields of a top-level response header: cluster_id, member_id and
 * raft_term (the raft node's current term; 1 for a single member without raft). The revision comes
 * from the domain and is kept. Immutable; thread-safe (the term source must be too).
 */
final class Headers {
    /** The raft term a single member reports until raft exists. */
    static final long RAFT_TERM = 1;

    private final long clusterId;
    private final long memberId;
    private final LongSupplier raftTerm;

    Headers(long clusterId, long memberId) {
        this(clusterId, memberId, () -> RAFT_TERM);
    }

    /** Headers whose raft_term is read from {@code raftTerm} (the raft driver's current term). */
    Headers(long clusterId, long memberId, LongSupplier raftTerm) {
        this.clusterId = clusterId;
        this.memberId = memberId;
        this.raftTerm = raftTerm;
    }

    ResponseHeader fill(ResponseHeader header) {
        return header.toBuilder()
                .setClusterId(clusterId)
                .setMemberId(memberId)
                .setRaftTerm(raftTerm.getAsLong())
                .build();
    }

    /** A header with the cluster-level fields and {@code revision}. */
    ResponseHeader withRevision(long revision) {
        return fill(ResponseHeader.newBuilder().setRevision(revision).build());
    }
}
