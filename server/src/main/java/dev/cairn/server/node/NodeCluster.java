package dev.cairn.server.node;

import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ProposalDroppedException;
import dev.cairn.server.membership.ApplyResult;
import dev.cairn.server.membership.ConfChangeProposer;
import dev.cairn.server.membership.LeaderTransfer;
import dev.cairn.server.membership.Membership;
import dev.cairn.server.membership.MembershipException;
import dev.cairn.server.membership.RaftStatus;
import dev.cairn.server.membership.RaftStatusSource;
import dev.cairn.server.replication.ReplicationException;
import dev.cairn.server.replication.TimeoutScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The raft node as the membership package needs it: proposing conf changes and waiting for their
 * apply here ({@link ConfChangeProposer}), moving leadership ({@link LeaderTransfer}), and the raft
 * fields of Status and the reconfiguration checks ({@link RaftStatusSource}).
 *
 * <p>Thread-safe: the waiting proposals and transfers are guarded by {@code this}; they complete on
 * the apply thread (conf changes), the driver thread (leader changes) or the timeout scheduler.
 */
public final class NodeCluster implements ConfChangeProposer, LeaderTransfer, RaftStatusSource, LeadershipListener {
    private final RaftNode node;
    private final Membership membership;
    private final TimeoutScheduler scheduler;
    private final Duration requestTimeout;
    private final InstantSource clock;
    private final Supplier<Map<Long, Instant>> connected;
    private final boolean learnerUntilApplied;
    private final Map<ConfChange, List<CompletableFuture<ApplyResult>>> proposals = new HashMap<>(); // guarded by this
    private final Map<Long, List<CompletableFuture<Void>>> transfers = new HashMap<>(); // guarded by this

    /**
     * @param requestTimeout how long a conf change may take to apply here (etcd's request timeout)
     * @param clock turns the node's activity ticks into instants for the reconfiguration checks
     * @param connected the transport's open streams and since when (etcd's ActiveSince)
     * @param learnerUntilApplied whether this member is a learner while its own record is not
     *     applied yet (a member joining as a learner knows it from the member list it fetched)
     */
    public NodeCluster(
            RaftNode node,
            Membership membership,
            TimeoutScheduler scheduler,
            Duration requestTimeout,
            InstantSource clock,
            Supplier<Map<Long, Instant>> connected,
            boolean learnerUntilApplied) {
        this.connected = connected;
        this.learnerUntilApplied = learnerUntilApplied;
        this.node = node;
        this.membership = membership;
        this.scheduler = scheduler;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ApplyResult> proposeConfChange(ConfChange change) {
        CompletableFuture<ApplyResult> result = new CompletableFuture<>();
        synchronized (this) {
            proposals.computeIfAbsent(change, k -> new ArrayList<>()).add(result);
        }
        Future<?> timer = scheduler.schedule(requestTimeout, () -> {
            forget(change, result);
            result.completeExceptionally(new ReplicationException.RequestTimedOut());
        });
        result.whenComplete((r, t) -> timer.cancel(false));
        submit(change, result);
        return result;
    }

    private void submit(ConfChange change, CompletableFuture<ApplyResult> result) {
        node.proposeConfChange(change).whenComplete((v, failure) -> {
            if (failure == null || result.isDone()) {
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ProposalDroppedException) {
                // no leader yet, or a conf change still pending: try again next tick until the timeout
                var unused = scheduler.schedule(node.config().tickInterval(), () -> {
                    if (!result.isDone()) {
                        submit(change, result);
                    }
                });
            } else {
                forget(change, result);
                result.completeExceptionally(cause);
            }
        });
    }

    /** The apply thread applied {@code original} with {@code result}. */
    public void applied(ConfChange original, ApplyResult result) {
        List<CompletableFuture<ApplyResult>> waiting;
        synchronized (this) {
            waiting = proposals.remove(original);
        }
        if (waiting != null) {
            waiting.forEach(f -> f.complete(result));
        }
    }

    private synchronized void forget(ConfChange change, CompletableFuture<ApplyResult> f) {
        List<CompletableFuture<ApplyResult>> list = proposals.get(change);
        if (list != null) {
            list.remove(f);
            if (list.isEmpty()) {
                proposals.remove(change);
            }
        }
    }

    @Override
    public CompletableFuture<Void> transferLeadership(long transferee, Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (node.leader() == transferee) {
            done.complete(null);
            return done;
        }
        synchronized (this) {
            transfers.computeIfAbsent(transferee, k -> new ArrayList<>()).add(done);
        }
        Future<?> timer = scheduler.schedule(timeout, () -> {
            synchronized (this) {
                List<CompletableFuture<Void>> list = transfers.get(transferee);
                if (list != null) {
                    list.remove(done);
                }
            }
            done.completeExceptionally(new MembershipException.LeaderTransferTimeout(transferee));
        });
        done.whenComplete((v, t) -> timer.cancel(false));
        node.transferLeader(transferee);
        return done;
    }

    @Override
    public void leaderChanged(long leader, long term, boolean local) {
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            done = transfers.remove(leader);
        }
        if (done != null) {
            done.forEach(f -> f.complete(null));
        }
    }

    @Override
    public void leaderCaughtUp() {}

    @Override
    public RaftStatus status() {
        long id = node.id();
        boolean learner = membership.current().member(id).map(m -> m.learner()).orElse(learnerUntilApplied);
        Map<Long, Instant> active = new TreeMap<>(connected.get());
        long nowTick = node.ticks();
        Instant now = clock.instant();
        // raft's own view (leader: recently active followers; follower: its leader) where the
        // transport has no open stream
        node.activeSinceTick()
                .forEach((peer, since) -> active.putIfAbsent(
                        peer, now.minus(node.config().tickInterval().multipliedBy(nowTick - since))));
        return new RaftStatus(
                id,
                node.leader(),
                node.term(),
                node.commitIndex(),
                node.applied().get(),
                learner,
                node.matchIndex(),
                active);
    }
}
