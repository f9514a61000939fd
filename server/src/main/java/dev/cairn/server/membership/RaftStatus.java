package dev.cairn.server.membership;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What this member's raft node and peer transport say right now, as the membership rules and
 * Maintenance.Status need it. Immutable.
 *
 * @param memberId this member
 * @param leader the leader this member knows, 0 if none
 * @param term the current raft term
 * @param commitIndex the committed index (Status raftIndex)
 * @param appliedIndex the applied index (Status raftAppliedIndex)
 * @param learner whether this member is a learner
 * @param matchIndex on the leader only: every member's match index (the leader's own included), as
 *     raft's progress tracker reports it; empty on other members
 * @param activeSince the peers the transport has a working connection to, and since when (etcd's
 *     {@code transport.ActiveSince}); a peer that is not connected is absent
 */
public record RaftStatus(
        long memberId,
        long leader,
        long term,
        long commitIndex,
        long appliedIndex,
        boolean learner,
        Map<Long, Long> matchIndex,
        Map<Long, Instant> activeSince) {

    public RaftStatus {
        matchIndex = Collections.unmodifiableMap(new TreeMap<>(matchIndex));
        activeSince = Collections.unmodifiableMap(new TreeMap<>(activeSince));
        Objects.requireNonNull(matchIndex, "matchIndex");
    }

    /** True when this member is the leader (raft reports progress only there). */
    public boolean isLeader() {
        return leader == memberId && leader != 0;
    }
}
