package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.ResponseHeader;

/**
 * Fills the cluster-level fields of a top-level response header: cluster_id, member_id and
 * raft_term (1: a single member without raft has one term). The revision comes from the domain
 * and is kept. Immutable; thread-safe.
 */
final class Headers {
    /** The raft term a single member reports until raft exists. */
    static final long RAFT_TERM = 1;

    private final long clusterId;
    private final long memberId;

    Headers(long clusterId, long memberId) {
        this.clusterId = clusterId;
        this.memberId = memberId;
    }

    ResponseHeader fill(ResponseHeader header) {
        return header.toBuilder()
                .setClusterId(clusterId)
                .setMemberId(memberId)
                .setRaftTerm(RAFT_TERM)
                .build();
    }

    /** A header with the cluster-level fields and {@code revision}. */
    ResponseHeader withRevision(long revision) {
        return fill(ResponseHeader.newBuilder().setRevision(revision).build());
    }
}
