package dev.cairn.server.membership;

import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfChangeType;
import dev.cairn.server.config.ClusterIds;
import dev.cairn.server.config.EtcdUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * etcd's rules for membership changes, as pure functions of the applied member set, the raft status
 * and the clock. Two moments, as in etcd:
 *
 * <ul>
 *   <li>before proposing ({@link #add}, {@link #remove}, {@link #update}, {@link #promote}): the
 *       strict reconfiguration check (started and connected voters) and the learner's readiness;
 *   <li>when the entry is applied ({@link #validate}): removed IDs, unknown or duplicate IDs, peer
 *       URLs in use, learner count and promote of a voter, checked in log order so concurrent
 *       changes cannot both pass.
 * </ul>
 *
 * Stateless.
 */
public final class ReconfigRules {
    /** A learner may be promoted once its match index reaches 90% of the leader's. */
    static final double READY_PERCENT = 0.9;

    /** etcd's HealthInterval: a peer counts as connected after this long. */
    static final Duration HEALTH_INTERVAL = Duration.ofSeconds(5);

    private ReconfigRules() {}

    /** The ID etcd gives a member added at run time: its sorted peer URLs and the Unix time in seconds. */
    public static long newMemberId(List<String> sortedPeerUrls, Instant now) {
        return ClusterIds.memberId(sortedPeerUrls, Long.toString(now.getEpochSecond()));
    }

    /** MemberAdd: validates the URLs, names the new member and runs the strict check. */
    public static Decision add(
            MemberSet set,
            RaftStatus status,
            MembershipSettings settings,
            List<String> peerUrls,
            boolean learner,
            Instant now) {
        List<String> urls;
        try {
            urls = normalise(peerUrls);
        } catch (IllegalArgumentException e) {
            return new Decision.Reject(new MembershipException.BadUrls(String.valueOf(e.getMessage())));
        }
        ClusterMember m = ClusterMember.unstarted(newMemberId(urls, now), urls, learner);
        if (settings.strictReconfigCheck()) {
            if (!learner && !readyToAddVoter(set)) {
                return new Decision.Reject(notEnoughStarted(set.voters().size() + 1, startedVoters(set, 0)));
            }
            if (!connectedFully(set, status, now)) {
                return new Decision.Reject(
                        new MembershipException.Unhealthy("not connected to every voter for " + HEALTH_INTERVAL));
            }
        }
        return new Decision.Propose(MemberChanges.add(m), m);
    }

    /** MemberRemove: the strict check protects the quorum of started and connected voters. */
    public static Decision remove(MemberSet set, RaftStatus status, MembershipSettings settings, long id, Instant now) {
        Decision propose = new Decision.Propose(MemberChanges.remove(id), null);
        if (!settings.strictReconfigCheck()) {
            return propose;
        }
        if (set.member(id).map(ClusterMember::learner).orElse(false)) {
            return propose;
        }
        int others = (int) set.voters().stream().filter(m -> m.id() != id).count();
        int started = startedVoters(set, id);
        if (started < others / 2 + 1) {
            return new Decision.Reject(notEnoughStarted(others, started));
        }
        if (id != status.memberId() && !status.activeSince().containsKey(id)) {
            return propose; // a member that is down is not part of the active quorum
        }
        List<ClusterMember> voters = set.voters();
        int active = connectedSince(voters, status, now.minus(HEALTH_INTERVAL));
        if (active - 1 < 1 + (voters.size() - 1) / 2) {
            return new Decision.Reject(new MembershipException.Unhealthy(
                    "removing would leave " + (active - 1) + " connected voters of " + (voters.size() - 1)));
        }
        return propose;
    }

    /** MemberUpdate: no check before proposing (peer URLs in use are refused at apply). */
    public static Decision update(long id, List<String> peerUrls) {
        return new Decision.Propose(MemberChanges.update(id, peerUrls), null);
    }

    /**
     * MemberPromote, on the leader: the learner must have caught up, and (strict) the promoted
     * voter must not break the quorum of started voters. Rejects with {@link
     * MembershipException.NotLeader} on any other member; the caller then forwards to the leader.
     */
    public static Decision promote(MemberSet set, RaftStatus status, MembershipSettings settings, long id) {
        if (!status.isLeader() || status.matchIndex().isEmpty()) {
            return new Decision.Reject(new MembershipException.NotLeader());
        }
        Long learnerMatch = status.matchIndex().get(id);
        if (learnerMatch == null) {
            return new Decision.Reject(new MembershipException.MemberNotFound(id));
        }
        long leaderMatch = status.matchIndex().getOrDefault(status.memberId(), 0L);
        if ((double) learnerMatch / (double) leaderMatch < READY_PERCENT) {
            return new Decision.Reject(new MembershipException.LearnerNotReady(id, learnerMatch, leaderMatch));
        }
        if (settings.strictReconfigCheck()) {
            int members = set.voters().size() + 1;
            int started = startedVoters(set, 0) + 1;
            if (started < members / 2 + 1) {
                return new Decision.Reject(notEnoughStarted(members, started));
            }
        }
        return new Decision.Propose(MemberChanges.promote(id), null);
    }

    /** MoveLeader: only on the leader, and only to a voting member. Null when it may go ahead. */
    public static @Nullable MembershipException moveLeader(MemberSet set, RaftStatus status, long target) {
        if (!status.isLeader()) {
            return new MembershipException.NotLeader();
        }
        if (set.member(target).map(ClusterMember::learner).orElse(true)) {
            return new MembershipException.BadLeaderTransferee(target);
        }
        return null;
    }

    /**
     * Apply time: whether {@code cc} may change {@code set} (etcd's ValidateConfigurationChange).
     * Null when it may.
     */
    public static @Nullable MembershipException validate(MemberSet set, ConfChange cc, int maxLearners) {
        long id = cc.nodeId();
        if (set.isRemoved(id)) {
            return new MembershipException.MemberNotFound(id);
        }
        switch (cc.type()) {
            case ADD_NODE, ADD_LEARNER_NODE -> {
                if (MemberChanges.isPromote(cc)) {
                    ClusterMember m = set.member(id).orElse(null);
                    if (m == null) {
                        return new MembershipException.MemberNotFound(id);
                    }
                    return m.learner() ? null : new MembershipException.NotLearner(id);
                }
                if (set.contains(id)) {
                    return new MembershipException.IdExists(id);
                }
                ClusterMember added = ClusterMember.fromRecord(MemberChanges.record(cc));
                for (String url : added.peerUrls()) {
                    if (set.peerUrlUsed(url, 0)) {
                        return new MembershipException.PeerUrlExists(url);
                    }
                }
                if (added.learner()
                        && cc.type() == ConfChangeType.ADD_LEARNER_NODE
                        && set.learners().size() + 1 > maxLearners) {
                    return new MembershipException.TooManyLearners(maxLearners);
                }
                return null;
            }
            case REMOVE_NODE -> {
                return set.contains(id) ? null : new MembershipException.MemberNotFound(id);
            }
            case UPDATE_NODE -> {
                if (!set.contains(id)) {
                    return new MembershipException.MemberNotFound(id);
                }
                for (String url : MemberChanges.record(cc).getPeerUrlsList()) {
                    if (set.peerUrlUsed(url, id)) {
                        return new MembershipException.PeerUrlExists(url);
                    }
                }
                return null;
            }
        }
        throw new IllegalStateException("unknown conf change type " + cc.type());
    }

    /** etcd's IsReadyToAddVotingMember. */
    static boolean readyToAddVoter(MemberSet set) {
        int members = set.voters().size() + 1;
        int started = startedVoters(set, 0);
        if (started == 1 && members == 2) {
            return true; // adding a second member to a one-member cluster (restoring from a backup)
        }
        return started >= members / 2 + 1;
    }

    /** etcd's types.NewURLs: each URL checked and written as etcd writes it, then sorted. */
    static List<String> normalise(List<String> peerUrls) {
        List<String> out = new ArrayList<>();
        for (String u : peerUrls) {
            out.add(EtcdUrl.parse(u).text());
        }
        out.sort(null);
        return out;
    }

    private static int startedVoters(MemberSet set, long except) {
        return (int) set.voters().stream()
                .filter(m -> m.id() != except && m.started())
                .count();
    }

    /** etcd's isConnectedFullySince over the voters, as of HEALTH_INTERVAL ago. */
    private static boolean connectedFully(MemberSet set, RaftStatus status, Instant now) {
        List<ClusterMember> voters = set.voters();
        return connectedSince(voters, status, now.minus(HEALTH_INTERVAL)) == voters.size();
    }

    /** etcd's numConnectedSince: this member counts; a peer counts once connected before {@code since}. */
    private static int connectedSince(List<ClusterMember> voters, RaftStatus status, Instant since) {
        int n = 0;
        for (ClusterMember m : voters) {
            Instant t = status.activeSince().get(m.id());
            if (m.id() == status.memberId() || (t != null && t.isBefore(since))) {
                n++;
            }
        }
        return n;
    }

    private static MembershipException notEnoughStarted(int members, int started) {
        return new MembershipException.NotEnoughStarted(started, members / 2 + 1);
    }
}
