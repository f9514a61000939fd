package dev.cairn.server.election;

import java.util.concurrent.CompletableFuture;

/**
 * Grants the lease of a request that names lease 0. etcd's election and lock servers open a
 * client session for each request, and a session without a lease grants a fresh one with a
 * {@value #TTL_SECONDS} s TTL and never keeps it alive; the queue key is then attached to that
 * lease. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SessionLeases {
    /** The TTL of a session lease (etcd's default session TTL). */
    long TTL_SECONDS = 60;

    /** Grants a new lease with a server-chosen ID; completes with that ID. */
    CompletableFuture<Long> grant(long ttlSeconds);
}
