package dev.cairn.raft;

import java.util.Objects;

/**
 * The leader's view of one member's replication, as reported by {@link RawNode#status()}: a
 * snapshot of the internal, mutable tracker. Immutable.
 *
 * @param match the highest index known to be replicated on the member
 * @param next the next index to send
 * @param state probe, replicate or snapshot
 * @param isLearner whether the member is a learner
 * @param recentActive whether the member was heard from in the current check-quorum period
 * @param paused whether sending appends to the member is paused (flow control)
 * @param pendingSnapshot the index of the snapshot being sent (snapshot state), else 0
 * @param inflight number of append messages not yet acknowledged
 */
public record Progress(
        long match,
        long next,
        ProgressState state,
        boolean isLearner,
        boolean recentActive,
        boolean paused,
        long pendingSnapshot,
        int inflight) {
    public Progress {
        Objects.requireNonNull(state, "state");
    }
}
