package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfState;
import dev.cairn.server.membership.ApplyResult;
import dev.cairn.server.membership.ClusterMember;
import dev.cairn.server.membership.ClusterRecords;
import dev.cairn.server.membership.Membership;
import dev.cairn.server.replication.EntryApplier;
import dev.cairn.storage.mvcc.MvccStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state a raft member applies its log to: requests (published member attributes included)
 * through the replication layer's {@link EntryApplier}, conf changes through the {@link Membership}
 * (in one store write that records the entry's index), and the transport's peers following the
 * voters.
 *
 * <p>Owned by the node's apply thread (see {@link StateMachine}); {@link #appliedIndex} may be
 * read anywhere.
 */
public final class ReplicatedMachine implements StateMachine {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedMachine.class);

    private final MvccStore store;
    private final EntryApplier applier;
    private final Membership membership;
    private final PeerDirectory peers;
    private final BiConsumer<ConfChange, ApplyResult> confChangeApplied;

    /** What the transport must know of the members: where each voter and learner listens. */
    public interface PeerDirectory {
        void upsert(long id, List<String> peerUrls);

        void remove(long id);
    }

    /**
     * @param store the member's store
     * @param applier applies requests to {@code store}, completing {@code waiters}
     * @param membership the member set over {@code store}'s cluster records
     * @param peers the transport's peers
     * @param confChangeApplied told of every conf change this member applied (its proposer waits)
     */
    public ReplicatedMachine(
            MvccStore store,
            EntryApplier applier,
            Membership membership,
            PeerDirectory peers,
            BiConsumer<ConfChange, ApplyResult> confChangeApplied) {
        this.store = store;
        this.applier = applier;
        this.membership = membership;
        this.peers = peers;
        this.confChangeApplied = confChangeApplied;
    }

    @Override
    public long appliedIndex() {
        return store.appliedIndex();
    }

    @Override
    public CompletableFuture<?> applyNormal(long index, ByteString data) {
        return applier.apply(index, data);
    }

    @Override
    public void syncApplied() {
        store.sync();
    }

    @Override
    public CompletableFuture<ConfChange> applyConfChange(long index, ConfChange change, boolean replayed) {
        if (replayed) {
            return CompletableFuture.completedFuture(change);
        }
        CompletableFuture<ApplyResult> result =
                applier.applyWrite(index, txn -> membership.apply(change, ClusterRecords.sink(txn)));
        return result.thenApply(r -> {
            if (r.error() != null) {
                log.warn(
                        "refused conf change {} at index {}: {}",
                        change,
                        index,
                        r.error().getMessage());
            }
            if (r.removedLocal()) {
                log.warn("the member has been permanently removed from the cluster");
            }
            confChangeApplied.accept(change, r);
            return r.raftChange();
        });
    }

    @Override
    public void confStateChanged(long index, ConfChange change, ConfState confState) {
        long id = change.nodeId();
        if (id == 0 || id == membership.localId()) {
            return;
        }
        switch (change.type()) {
            case REMOVE_NODE -> peers.remove(id);
            case ADD_NODE, ADD_LEARNER_NODE, UPDATE_NODE ->
                membership.current().member(id).map(ClusterMember::peerUrls).ifPresent(urls -> peers.upsert(id, urls));
        }
    }
}
