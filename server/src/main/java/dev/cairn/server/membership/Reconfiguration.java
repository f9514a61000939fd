package dev.cairn.server.membership;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link ClusterOps} of a raft member: checks each request with {@link ReconfigRules} against
 * the applied members and the raft status, proposes the conf change, and answers from what applying
 * it returned. A promote on a follower goes to the leader through the {@link PromoteForwarder}.
 *
 * <p>Thread-safe and owns no threads: rules run on the caller's thread; answers complete on whichever
 * thread completes the proposer's, barrier's or transfer's future (the apply thread, normally).
 */
public final class Reconfiguration implements ClusterOps {
    private final Membership membership;
    private final MembershipSettings settings;
    private final RaftStatusSource raft;
    private final ConfChangeProposer proposer;
    private final PromoteForwarder forwarder;
    private final ReadBarrier barrier;
    private final LeaderTransfer transfer;
    private final InstantSource clock;

    public Reconfiguration(
            Membership membership,
            MembershipSettings settings,
            RaftStatusSource raft,
            ConfChangeProposer proposer,
            PromoteForwarder forwarder,
            ReadBarrier barrier,
            LeaderTransfer transfer,
            InstantSource clock) {
        this.membership = membership;
        this.settings = settings;
        this.raft = raft;
        this.proposer = proposer;
        this.forwarder = forwarder;
        this.barrier = barrier;
        this.transfer = transfer;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Added> memberAdd(List<String> peerUrls, boolean learner) {
        Decision d =
                ReconfigRules.add(membership.current(), raft.status(), settings, peerUrls, learner, clock.instant());
        return switch (d) {
            case Decision.Reject r -> CompletableFuture.failedFuture(r.error());
            case Decision.Propose p -> {
                ClusterMember added = Objects.requireNonNull(p.member(), "an add names its member");
                yield propose(p).thenApply(members -> new Added(added, members));
            }
        };
    }

    @Override
    public CompletableFuture<List<ClusterMember>> memberRemove(long id) {
        return proposeOrFail(ReconfigRules.remove(membership.current(), raft.status(), settings, id, clock.instant()));
    }

    @Override
    public CompletableFuture<List<ClusterMember>> memberUpdate(long id, List<String> peerUrls) {
        return proposeOrFail(ReconfigRules.update(id, peerUrls));
    }

    @Override
    public CompletableFuture<List<ClusterMember>> memberPromote(long id) {
        Decision d = ReconfigRules.promote(membership.current(), raft.status(), settings, id);
        if (d instanceof Decision.Reject r && r.error() instanceof MembershipException.NotLeader) {
            return forwarder.forwardPromote(id);
        }
        return proposeOrFail(d);
    }

    @Override
    public CompletableFuture<List<ClusterMember>> memberList(boolean linearizable) {
        if (!linearizable) {
            return CompletableFuture.completedFuture(membership.current().members());
        }
        return barrier.await().thenApply(done -> membership.current().members());
    }

    @Override
    public CompletableFuture<Void> moveLeader(long target, Duration timeout) {
        MembershipException refused = ReconfigRules.moveLeader(membership.current(), raft.status(), target);
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        return transfer.transferLeadership(target, timeout);
    }

    private CompletableFuture<List<ClusterMember>> proposeOrFail(Decision d) {
        return switch (d) {
            case Decision.Reject r -> CompletableFuture.failedFuture(r.error());
            case Decision.Propose p -> propose(p);
        };
    }

    private CompletableFuture<List<ClusterMember>> propose(Decision.Propose p) {
        return proposer.proposeConfChange(p.change()).thenApply(result -> {
            MembershipException refused = result.error();
            if (refused != null) {
                throw refused;
            }
            return result.members().members();
        });
    }
}
