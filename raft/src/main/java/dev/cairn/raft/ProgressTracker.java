package dev.cairn.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration (voters, learners), each member's {@link PeerProgress} and the votes of the
 * current election; computes quorum decisions (etcd's tracker.ProgressTracker with a majority
 * config, no joint consensus). Iteration is in id order so that behaviour is deterministic. Not
 * thread-safe: owned by the {@link RawNode}'s driver thread.
 */
final class ProgressTracker {
    enum VoteResult {
        PENDING,
        WON,
        LOST
    }

    final TreeSet<Long> voters = new TreeSet<>();
    final TreeSet<Long> learners = new TreeSet<>();
    final TreeMap<Long, PeerProgress> progress = new TreeMap<>();
    private final TreeMap<Long, Boolean> votes = new TreeMap<>();
    final int maxInflight;

    ProgressTracker(int maxInflight) {
        this.maxInflight = maxInflight;
    }

    ConfState confState() {
        return new ConfState(List.copyOf(voters), List.copyOf(learners));
    }

    boolean isSingleton() {
        return voters.size() == 1;
    }

    private int quorum() {
        return voters.size() / 2 + 1;
    }

    /** The largest index replicated on a quorum of voters (0 without voters). */
    long committed() {
        if (voters.isEmpty()) {
            return 0;
        }
        long[] matched = new long[voters.size()];
        int i = 0;
        for (long id : voters) {
            PeerProgress pr = progress.get(id);
            matched[i++] = pr == null ? 0 : pr.match;
        }
        Arrays.sort(matched);
        return matched[matched.length - quorum()];
    }

    /** Whether a quorum of voters was recently active (the leader counts itself). */
    boolean quorumActive(long self) {
        int active = 0;
        for (long id : voters) {
            PeerProgress pr = progress.get(id);
            if (id == self || (pr != null && pr.recentActive)) {
                active++;
            }
        }
        return active >= quorum();
    }

    void resetVotes() {
        votes.clear();
    }

    /** Records a vote once per voter per election. */
    void recordVote(long id, boolean granted) {
        votes.putIfAbsent(id, granted);
    }

    /** Granted and rejected counts among voters. */
    int[] tally() {
        int granted = 0;
        int rejected = 0;
        for (long id : voters) {
            Boolean v = votes.get(id);
            if (v != null) {
                if (v) {
                    granted++;
                } else {
                    rejected++;
                }
            }
        }
        return new int[] {granted, rejected};
    }

    VoteResult voteResult() {
        return voteResult(votes);
    }

    /** Majority decision over voters given yes/no answers (missing = pending). */
    VoteResult voteResult(Map<Long, Boolean> answers) {
        if (voters.isEmpty()) {
            return VoteResult.WON;
        }
        int yes = 0;
        int missing = 0;
        for (long id : voters) {
            Boolean v = answers.get(id);
            if (v == null) {
                missing++;
            } else if (v) {
                yes++;
            }
        }
        if (yes >= quorum()) {
            return VoteResult.WON;
        }
        if (yes + missing >= quorum()) {
            return VoteResult.PENDING;
        }
        return VoteResult.LOST;
    }

    /** Every member id (voters and learners) in ascending order. */
    List<Long> memberIds() {
        return new ArrayList<>(progress.keySet());
    }
}
