package dev.cairn.server.membership;

import java.util.concurrent.CompletableFuture;

/**
 * A linearizable read point: completes once this member has applied everything the leader had
 * committed when the barrier was asked for (a ReadIndex round, then waiting for the apply), or
 * exceptionally with etcd's read errors (no leader, timeout). Implemented by the raft node driver;
 * thread-safe. MemberList with {@code linearizable=true} waits on it.
 */
@FunctionalInterface
public interface ReadBarrier {
    CompletableFuture<Void> await();
}
