package dev.cairn.server.node;

import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.raft.ProposalDroppedException;
import dev.cairn.server.replication.Applied;
import dev.cairn.server.replication.Proposer;
import dev.cairn.server.replication.RequestIds;
import dev.cairn.server.replication.TimeoutScheduler;
import dev.cairn.server.replication.Waiters;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Proposes requests through raft: stamps a fresh request ID, registers it with the {@link Waiters}
 * the entry applier completes, and hands the encoded request to the node. Followers' proposals
 * are forwarded to the leader by raft itself. When raft drops a proposal (no leader yet, a leader
 * transfer in progress) it is proposed again every tick until it is taken or the waiter's request
 * timeout fails it with {@code request timed out}: etcd, too, holds a proposal until a leader
 * exists and times it out otherwise. A proposal taken by a leader that then fails is not retried
 * (it may or may not commit); its waiter times out, as in etcd.
 *
 * <p>Thread-safe: any thread may propose; retries run on the timeout scheduler's thread.
 */
public final class RaftProposer implements Proposer {
    private final RaftNode node;
    private final Waiters waiters;
    private final RequestIds ids;
    private final TimeoutScheduler retries;
    private final Duration retryInterval;

    /**
     * @param node the raft node
     * @param waiters the waiters the node's entry applier completes
     * @param ids this member's request IDs
     * @param retries runs the re-proposals of dropped proposals
     */
    public RaftProposer(RaftNode node, Waiters waiters, RequestIds ids, TimeoutScheduler retries) {
        this.node = node;
        this.waiters = waiters;
        this.ids = ids;
        this.retries = retries;
        this.retryInterval = node.config().tickInterval();
    }

    @Override
    public CompletableFuture<Applied> propose(ReplicatedRequest request) {
        long id = ids.next();
        ReplicatedRequest stamped = request.toBuilder().setId(id).build();
        CompletableFuture<Applied> result = waiters.register(id);
        submit(id, stamped);
        return result;
    }

    private void submit(long id, ReplicatedRequest request) {
        node.propose(request.toByteString()).whenComplete((v, failure) -> {
            if (failure == null) {
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ProposalDroppedException) {
                if (waiters.isWaiting(id)) {
                    var unused = retries.schedule(retryInterval, () -> {
                        if (waiters.isWaiting(id)) {
                            submit(id, request);
                        }
                    });
                }
            } else {
                waiters.fail(id, cause);
            }
        });
    }
}
