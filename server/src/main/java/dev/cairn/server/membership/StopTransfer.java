package dev.cairn.server.membership;

import java.util.Comparator;
import java.util.Optional;

/**
 * What a member that is stopping gracefully does with its leadership (etcd transfers it before it
 * stops, so the others need not wait out an election timeout): skip, or hand it to one voter.
 * Computed by {@link #choose}, a pure function; the launcher carries it out.
 */
public sealed interface StopTransfer {

    /** Nothing to hand over, and why (for the log). */
    record Skip(String reason) implements StopTransfer {}

    /**
     * Hand leadership to {@code transferee}.
     *
     * @param matchIndex how far the leader knows the transferee's log matches its own
     */
    record To(long transferee, long matchIndex) implements StopTransfer {}

    /**
     * Skips on a member that does not lead, and in a cluster whose only voter is this member (learners
     * cannot lead). Otherwise picks, among the other voters this member is connected to (they are in
     * {@link RaftStatus#activeSince}), the one whose log matches the leader's furthest (the fastest
     * to catch up, so the transfer finishes soonest); on a tie the lowest ID (unsigned, as etcd
     * orders member IDs). Skips when no other voter is connected: a transfer could not finish.
     */
    static StopTransfer choose(MemberSet members, RaftStatus status) {
        if (!status.isLeader()) {
            return new Skip("local member is not leader");
        }
        long self = status.memberId();
        var others = members.voters().stream().filter(m -> m.id() != self).toList();
        if (others.isEmpty()) {
            return new Skip("single voting member cluster");
        }
        Optional<To> best = others.stream()
                .filter(m -> status.activeSince().containsKey(m.id()))
                .map(m -> new To(m.id(), status.matchIndex().getOrDefault(m.id(), 0L)))
                .min(Comparator.comparingLong((To t) -> t.matchIndex())
                        .reversed()
                        .thenComparing(To::transferee, Long::compareUnsigned));
        return best.<StopTransfer>map(t -> t).orElseGet(() -> new Skip("no other voting member is connected"));
    }
}
