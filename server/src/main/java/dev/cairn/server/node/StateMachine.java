package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfState;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link RaftNode} applies committed entries to: the MVCC store through the replication
 * layer's entry applier, and the membership. The apply methods are called by one thread at a time
 * (the node's apply thread, or its driver thread while the apply thread is idle; conf changes
 * always on the apply thread), one entry at a time in log order, with strictly increasing indexes;
 * they must not block (but for {@link #syncApplied}): they may only submit the work (the store has its own writer thread) and return a future that completes once
 * the entry's effect is visible and recorded, in submission order.
 */
public interface StateMachine {

    /**
     * The index of the last entry whose effect the store recorded (0 for a new store). Read once
     * at start: entries at or below it are not applied again.
     */
    long appliedIndex();

    /**
     * Applies a normal entry and records {@code index} as applied atomically with its effect (also
     * when the request fails: a failed request is applied too). {@code data} is empty for the
     * entry a new leader appends at the start of its term.
     *
     * @return completes once applied (exceptionally when the request broke a domain rule: it is
     *     still applied)
     */
    CompletableFuture<?> applyNormal(long index, ByteString data);

    /**
     * Makes the effect of every entry applied so far (every future returned so far that completed)
     * durable, blocking the calling apply thread for one fsync. Called before the raft log is
     * truncated: the store does not fsync applied entries itself, the log replays them.
     */
    void syncApplied();

    /**
     * Applies a conf-change entry to the membership (checks it and writes the member records with
     * {@code index}), before raft sees it, as etcd orders it.
     *
     * @param replayed true when {@code index} is at or below the store's applied index: the store
     *     already holds the change; write nothing and answer {@code change}
     * @return completes with the change raft must apply: {@code change} itself, or the same change
     *     with node ID 0 when the membership refused it (raft then changes nothing)
     */
    CompletableFuture<ConfChange> applyConfChange(long index, ConfChange change, boolean replayed);

    /**
     * Raft applied {@code change} at {@code index} and now has {@code confState}: refresh what
     * follows the voters (the transport's peers). Called on the apply thread, also for replayed
     * entries; must not block.
     */
    void confStateChanged(long index, ConfChange change, ConfState confState);
}
