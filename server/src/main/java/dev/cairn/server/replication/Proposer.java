package dev.cairn.server.replication;

import dev.cairn.proto.raftpb.ReplicatedRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Proposes state changes: the only way anything in the replicated state (keys, revisions,
 * compactions, leases and their checkpoints) changes. The request is given a fresh ID unique to
 * this member, appended to the log, and once committed applied by {@link EntryApplier} on every
 * member in log order; the returned future completes when THIS member's apply of it finishes.
 *
 * <p>If one {@code propose} call returns before another starts, the first request is applied
 * before the second (the lessor relies on it: a keep-alive's checkpoint clear proposed after a
 * checkpoint lands after it). Requests proposed concurrently are applied in some order.
 * {@code propose} never waits for the log or the apply: it only hands the request over.
 *
 * <p>Implementations are thread-safe: any thread may propose. The future completes on whatever
 * thread finished the apply (the store's completer thread) or the timeout scheduler's thread;
 * callers must not block in its callbacks.
 */
public interface Proposer {

    /**
     * Proposes {@code request}, whose {@code id} is ignored and replaced by a fresh one.
     *
     * @return completes with this member's {@link Applied} result; fails with the domain
     *     exception the apply threw, with {@link ReplicationException.RequestTimedOut} if the
     *     entry was not applied in time (it may still be applied later), or with the storage
     *     exception of a failed store
     */
    CompletableFuture<Applied> propose(ReplicatedRequest request);
}
