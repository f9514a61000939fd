package dev.cairn.server.replication;

import dev.cairn.proto.raftpb.ReplicatedRequest;
import java.util.concurrent.CompletableFuture;

/**
 * The proposer of a single member without raft: every proposal is committed the moment it is
 * made, so it gets the next index and is applied at once through the {@link EntryApplier}. Index
 * 1 is taken by an empty entry marked applied at creation on a new store (where a raft member would have
 * its bootstrap configuration entry; it changes nothing, so nothing is written for it), so a
 * fresh member reports index 1, as before.
 *
 * <p>Thread-safe: any thread may propose. Index assignment and the apply call happen under one
 * lock, so the applier sees strictly increasing indexes from one thread at a time; the lock holder
 * is the "apply thread" of this proposer. An apply only submits to the store, so the lock is held
 * for microseconds, never across a store write.
 */
public final class LocalProposer implements Proposer {
    private final EntryApplier applier;
    private final Waiters waiters;
    private final RequestIds ids;
    private final Object lock = new Object();
    private long lastIndex; // guarded by lock

    /**
     * @param applier the applier of this member's entries (built over the same {@code waiters})
     * @param waiters the waiters {@code applier} completes
     * @param ids this member's request IDs
     */
    public LocalProposer(EntryApplier applier, Waiters waiters, RequestIds ids) {
        this.applier = applier;
        this.waiters = waiters;
        this.ids = ids;
        synchronized (lock) {
            lastIndex = applier.appliedIndex();
            if (lastIndex == 0) {
                lastIndex = 1;
                applier.markApplied(1);
            }
        }
    }

    @Override
    public CompletableFuture<Applied> propose(ReplicatedRequest request) {
        long id = ids.next();
        ReplicatedRequest stamped = request.toBuilder().setId(id).build();
        CompletableFuture<Applied> result = waiters.register(id);
        try {
            synchronized (lock) {
                var unused = applier.apply(++lastIndex, stamped);
            }
        } catch (RuntimeException e) {
            waiters.fail(id, e);
        }
        return result;
    }
}
