package dev.cairn.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-follower tracker: inflight window and the probe/replicate/snapshot state machine. */
class ProgressTest {

    @Test
    void inflightsFillFreeUpToAndWrapAround() {
        Inflights in = new Inflights(3);
        in.add(5);
        in.add(7);
        in.add(9);
        assertThat(in.full()).isTrue();
        in.freeLE(6);
        assertThat(in.count()).isEqualTo(2);
        in.add(11); // wraps around the ring
        assertThat(in.full()).isTrue();
        in.freeLE(4); // stale: frees nothing
        assertThat(in.count()).isEqualTo(3);
        in.freeFirstOne();
        assertThat(in.count()).isEqualTo(2);
        in.freeLE(100);
        assertThat(in.count()).isZero();
        in.add(12);
        in.reset();
        assertThat(in.count()).isZero();
    }

    @Test
    void probeSendsOneAtATimeUntilAcknowledged() {
        PeerProgress pr = new PeerProgress(0, 5, 4, false);
        assertThat(pr.isPaused()).isFalse();
        pr.sentEntries(2);
        assertThat(pr.isPaused()).isTrue();
        assertThat(pr.next).isEqualTo(5); // probe does not move next optimistically
        assertThat(pr.maybeUpdate(6)).isTrue();
        assertThat(pr.isPaused()).isFalse();
        assertThat(pr.next).isEqualTo(7);
    }

    @Test
    void replicatePipelinesOptimisticallyWithinTheWindow() {
        PeerProgress pr = new PeerProgress(4, 5, 2, false);
        pr.becomeReplicate();
        pr.sentEntries(3);
        assertThat(pr.next).isEqualTo(8);
        pr.sentEntries(1);
        assertThat(pr.next).isEqualTo(9);
        assertThat(pr.isPaused()).isTrue();
        pr.maybeUpdate(7);
        pr.inflights.freeLE(7);
        assertThat(pr.isPaused()).isFalse();
    }

    @Test
    void rejectionsMoveNextBackOrAreIgnoredWhenStale() {
        PeerProgress replicate = new PeerProgress(5, 10, 8, false);
        replicate.becomeReplicate();
        replicate.next = 10;
        assertThat(replicate.maybeDecrTo(4, 0)).isFalse(); // at or below match: stale
        assertThat(replicate.maybeDecrTo(9, 0)).isTrue();
        assertThat(replicate.next).isEqualTo(6);

        PeerProgress probe = new PeerProgress(0, 10, 8, false);
        assertThat(probe.maybeDecrTo(5, 0)).isFalse(); // not the probe we sent (next - 1 = 9)
        assertThat(probe.maybeDecrTo(9, 3)).isTrue(); // the hint jumps back
        assertThat(probe.next).isEqualTo(4);
        assertThat(probe.maybeDecrTo(3, 0)).isTrue();
        assertThat(probe.next).isEqualTo(1);
    }

    @Test
    void leavingSnapshotStateProbesAfterTheSnapshot() {
        PeerProgress pr = new PeerProgress(3, 4, 8, false);
        pr.becomeSnapshot(20);
        assertThat(pr.isPaused()).isTrue();
        pr.becomeProbe();
        assertThat(pr.state).isEqualTo(ProgressState.PROBE);
        assertThat(pr.next).isEqualTo(21);
        pr.becomeSnapshot(20);
        pr.pendingSnapshot = 0; // a failed snapshot
        pr.becomeProbe();
        assertThat(pr.next).isEqualTo(4);
    }

    @Test
    void trackerCommitsTheQuorumMatchOfVotersOnly() {
        ProgressTracker trk = new ProgressTracker(8);
        long[][] members = {{1, 9}, {2, 7}, {3, 5}, {4, 2}, {5, 1}};
        for (long[] m : members) {
            trk.voters.add(m[0]);
            trk.progress.put(m[0], new PeerProgress(m[1], m[1] + 1, 8, false));
        }
        trk.learners.add(6L);
        trk.progress.put(6L, new PeerProgress(100, 101, 8, true));
        assertThat(trk.committed()).isEqualTo(5);
        trk.recordVote(1, true);
        trk.recordVote(6, true);
        assertThat(trk.voteResult()).isEqualTo(ProgressTracker.VoteResult.PENDING);
        trk.recordVote(2, false);
        trk.recordVote(3, false);
        trk.recordVote(4, false);
        assertThat(trk.voteResult()).isEqualTo(ProgressTracker.VoteResult.LOST);
        trk.recordVote(4, true); // a second vote from the same voter is not counted
        assertThat(trk.tally()).containsExactly(1, 3);
    }
}
