package dev.cairn.raft;

/**
 * How a follower handles a message (etcd's stepFollower), and the append, heartbeat and snapshot
 * handling that candidates share. Stateless; operates on a {@link Raft} owned by the {@link
 * RawNode}'s driver thread.
 */
final class FollowerStep {
    private FollowerStep() {}

    static void step(Raft r, Message m) {
        switch (m.type()) {
            case PROP -> {
                if (r.lead == 0 || r.disableProposalForwarding) {
                    throw new ProposalDroppedException();
                }
                r.send(m.toBuilder().to(r.lead).build());
            }
            case APP -> {
                r.electionElapsed = 0;
                r.lead = m.from();
                handleAppendEntries(r, m);
            }
            case HEARTBEAT -> {
                r.electionElapsed = 0;
                r.lead = m.from();
                handleHeartbeat(r, m);
            }
            case SNAP -> {
                r.electionElapsed = 0;
                r.lead = m.from();
                handleSnapshot(r, m);
            }
            case TRANSFER_LEADER, READ_INDEX -> {
                if (r.lead != 0) {
                    r.send(m.toBuilder().to(r.lead).build());
                }
            }
            case TIMEOUT_NOW -> r.hup(Raft.CampaignType.TRANSFER); // never pre-vote: the leader asked
            case READ_INDEX_RESP -> r.readStates.add(new ReadState(m.index(), m.context()));
            default -> {}
        }
    }

    static void handleAppendEntries(Raft r, Message m) {
        RaftLog log = r.raftLog;
        if (m.index() < log.committed) {
            r.send(Message.builder(MessageType.APP_RESP)
                    .to(m.from())
                    .index(log.committed)
                    .build());
            return;
        }
        long last = log.maybeAppend(m.index(), m.logTerm(), m.commit(), m.entries());
        if (last >= 0) {
            r.send(Message.builder(MessageType.APP_RESP)
                    .to(m.from())
                    .index(last)
                    .build());
            return;
        }
        // Reject, with a hint: the last index at or before the probe whose term is at most the
        // leader's term there, so the leader can skip a whole diverging term at once.
        long hintIndex = Math.min(m.index(), log.lastIndex());
        long[] hint = log.findConflictByTerm(hintIndex, m.logTerm());
        r.send(Message.builder(MessageType.APP_RESP)
                .to(m.from())
                .index(m.index())
                .reject(true)
                .rejectHint(hint[0])
                .logTerm(hint[1])
                .build());
    }

    static void handleHeartbeat(Raft r, Message m) {
        r.raftLog.commitTo(m.commit());
        r.send(Message.builder(MessageType.HEARTBEAT_RESP)
                .to(m.from())
                .context(m.context())
                .build());
    }

    static void handleSnapshot(Raft r, Message m) {
        long index = r.restore(m.snapshot()) ? r.raftLog.lastIndex() : r.raftLog.committed;
        r.send(Message.builder(MessageType.APP_RESP).to(m.from()).index(index).build());
    }
}
