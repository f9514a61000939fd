package dev.cairn.raft;

/**
 * Single-step configuration changes on a {@link ProgressTracker} (no joint consensus): add a
 * voter, add a learner, promote a learner, demote a voter, remove a member. A change that would
 * leave no voter is ignored, identically on every node (they all apply the same entries). Stateless.
 */
final class Membership {
    private Membership() {}

    static void apply(ProgressTracker trk, ConfChange cc, long lastIndex) {
        long n = cc.nodeId();
        switch (cc.type()) {
            case ADD_NODE -> {
                if (trk.learners.remove(n)) {
                    trk.voters.add(n);
                    PeerProgress pr = trk.progress.get(n);
                    if (pr != null) {
                        pr.isLearner = false;
                    }
                } else if (trk.voters.add(n)) {
                    trk.progress.put(n, newProgress(trk, lastIndex, false));
                }
            }
            case ADD_LEARNER_NODE -> {
                if (trk.voters.contains(n)) {
                    if (trk.voters.size() == 1) {
                        return;
                    }
                    trk.voters.remove(n);
                    trk.learners.add(n);
                    PeerProgress pr = trk.progress.get(n);
                    if (pr != null) {
                        pr.isLearner = true;
                    }
                } else if (trk.learners.add(n)) {
                    trk.progress.put(n, newProgress(trk, lastIndex, true));
                }
            }
            case REMOVE_NODE -> {
                if (trk.voters.contains(n) && trk.voters.size() == 1) {
                    return;
                }
                trk.voters.remove(n);
                trk.learners.remove(n);
                trk.progress.remove(n);
            }
            case UPDATE_NODE -> {
                // Nothing changes in raft: the context is the application's.
            }
        }
    }

    /** A new member is probed from the leader's last index and counts as recently active. */
    private static PeerProgress newProgress(ProgressTracker trk, long lastIndex, boolean learner) {
        PeerProgress pr = new PeerProgress(0, lastIndex + 1, trk.maxInflight, learner);
        pr.recentActive = true;
        return pr;
    }
}
