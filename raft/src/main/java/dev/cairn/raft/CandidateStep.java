package dev.cairn.raft;

/**
 * How a candidate or pre-candidate handles a message (etcd's stepCandidate): count votes, or
 * step down for a leader of its term. Stateless; operates on a {@link Raft} owned by the {@link
 * RawNode}'s driver thread.
 */
final class CandidateStep {
    private CandidateStep() {}

    static void step(Raft r, Message m) {
        MessageType myVoteResp = r.state == StateType.PRE_CANDIDATE ? MessageType.PRE_VOTE_RESP : MessageType.VOTE_RESP;
        switch (m.type()) {
            case PROP -> throw new ProposalDroppedException();
            case APP -> {
                r.becomeFollower(m.term(), m.from());
                FollowerStep.handleAppendEntries(r, m);
            }
            case HEARTBEAT -> {
                r.becomeFollower(m.term(), m.from());
                FollowerStep.handleHeartbeat(r, m);
            }
            case SNAP -> {
                r.becomeFollower(m.term(), m.from());
                FollowerStep.handleSnapshot(r, m);
            }
            default -> {
                if (m.type() != myVoteResp) {
                    return;
                }
                switch (r.poll(m.from(), !m.reject())) {
                    case WON -> {
                        if (r.state == StateType.PRE_CANDIDATE) {
                            r.campaign(Raft.CampaignType.ELECTION);
                        } else {
                            r.becomeLeader();
                            Replication.bcastAppend(r);
                        }
                    }
                    case LOST -> r.becomeFollower(r.term, 0);
                    case PENDING -> {}
                }
            }
        }
    }
}
