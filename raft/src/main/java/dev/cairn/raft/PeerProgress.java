package dev.cairn.raft;

/**
 * The leader's mutable view of one member's log (etcd's tracker.Progress): match and next index,
 * the probe/replicate/snapshot state machine, and the inflight window. Not thread-safe: owned by
 * the {@link RawNode}'s driver thread.
 */
final class PeerProgress {
    long match;
    long next;
    ProgressState state = ProgressState.PROBE;
    /** The index of the snapshot in flight (snapshot state). */
    long pendingSnapshot;
    /** Heard from in the current check-quorum period. */
    boolean recentActive;
    /** Probe state: an append was sent and not answered yet. */
    boolean probeSent;

    final Inflights inflights;
    boolean isLearner;

    PeerProgress(long match, long next, int maxInflight, boolean isLearner) {
        this.match = match;
        this.next = next;
        this.inflights = new Inflights(maxInflight);
        this.isLearner = isLearner;
    }

    private void resetState(ProgressState s) {
        probeSent = false;
        pendingSnapshot = 0;
        state = s;
        inflights.reset();
    }

    void becomeProbe() {
        if (state == ProgressState.SNAPSHOT) {
            long pending = pendingSnapshot;
            resetState(ProgressState.PROBE);
            next = Math.max(match + 1, pending + 1);
        } else {
            resetState(ProgressState.PROBE);
            next = match + 1;
        }
    }

    void becomeReplicate() {
        resetState(ProgressState.REPLICATE);
        next = match + 1;
    }

    void becomeSnapshot(long snapshotIndex) {
        resetState(ProgressState.SNAPSHOT);
        pendingSnapshot = snapshotIndex;
    }

    /** An acknowledgement of {@code n}: returns whether match moved forward. */
    boolean maybeUpdate(long n) {
        boolean updated = false;
        if (match < n) {
            match = n;
            updated = true;
            probeSent = false;
        }
        next = Math.max(next, n + 1);
        return updated;
    }

    /** An append carrying {@code entries} entries (of total {@code bytes}) was just sent. */
    void sentEntries(int entries) {
        switch (state) {
            case REPLICATE -> {
                if (entries > 0) {
                    long last = next + entries - 1;
                    next = last + 1;
                    inflights.add(last);
                }
            }
            case PROBE -> probeSent = true;
            case SNAPSHOT -> throw new IllegalStateException("sending append in snapshot state");
        }
    }

    /**
     * A rejection of the append after {@code rejected}, with the follower's hint of where its log
     * may match: moves next back. Returns false if the rejection is stale.
     */
    boolean maybeDecrTo(long rejected, long matchHint) {
        if (state == ProgressState.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, matchHint + 1), match + 1);
        probeSent = false;
        return true;
    }

    /** Whether the leader must not send appends to this member now. */
    boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }

    Progress toProgress() {
        return new Progress(
                match, next, state, isLearner, recentActive, isPaused(), pendingSnapshot, inflights.count());
    }
}
