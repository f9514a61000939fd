package dev.cairn.server.replication;

import java.util.concurrent.CompletableFuture;

/**
 * What a linearizable read waits for before it reads the local store: with raft, a ReadIndex
 * round (the leader confirms it still leads and this member has applied up to the leader's
 * commit index at the time of the request). Serializable reads skip it. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface ReadBarrier {

    /**
     * Completes once a read started now on the local store is linearizable; fails with etcd's
     * errors (request timed out, leader changed, no leader) when it cannot be made so.
     */
    CompletableFuture<Void> linearizable();

    /** A single member: everything applied is committed, so every local read is linearizable. */
    static ReadBarrier local() {
        return () -> CompletableFuture.<Void>completedFuture(null);
    }
}
