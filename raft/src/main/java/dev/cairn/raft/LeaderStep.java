package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;

/**
 * How a leader handles a message (etcd's stepLeader): proposals, ReadIndex, check-quorum,
 * append and heartbeat responses (flow control, commitment), snapshot status, unreachable peers
 * and leader transfer. Stateless; operates on a {@link Raft} owned by the {@link RawNode}'s driver
 * thread.
 */
final class LeaderStep {
    private LeaderStep() {}

    static void step(Raft r, Message m) {
        switch (m.type()) {
            case BEAT -> {
                Replication.bcastHeartbeat(r);
                return;
            }
            case CHECK_QUORUM -> {
                if (!r.trk.quorumActive(r.id)) {
                    r.becomeFollower(r.term, 0);
                }
                for (var e : r.trk.progress.entrySet()) {
                    if (e.getKey() != r.id) {
                        e.getValue().recentActive = false;
                    }
                }
                return;
            }
            case PROP -> {
                propose(r, m);
                return;
            }
            case READ_INDEX -> {
                readIndex(r, m);
                return;
            }
            default -> {}
        }
        PeerProgress pr = r.trk.progress.get(m.from());
        if (pr == null) {
            return;
        }
        switch (m.type()) {
            case APP_RESP -> appResp(r, m, pr);
            case HEARTBEAT_RESP -> heartbeatResp(r, m, pr);
            case SNAP_STATUS -> {
                if (pr.state != ProgressState.SNAPSHOT) {
                    return;
                }
                if (m.reject()) {
                    // The snapshot failed: probe from the match index again.
                    pr.pendingSnapshot = 0;
                }
                pr.becomeProbe();
                // Wait for a heartbeat response (the follower is alive) before the next probe.
                pr.probeSent = true;
            }
            case UNREACHABLE -> {
                // The pipeline broke; probe again.
                if (pr.state == ProgressState.REPLICATE) {
                    pr.becomeProbe();
                }
            }
            case TRANSFER_LEADER -> transferLeader(r, m, pr);
            default -> {}
        }
    }

    private static void propose(Raft r, Message m) {
        if (m.entries().isEmpty()) {
            throw new IllegalArgumentException("stepped empty MsgProp");
        }
        if (!r.trk.progress.containsKey(r.id) || r.leadTransferee != 0) {
            // Removed from the configuration, or handing leadership over.
            throw new ProposalDroppedException();
        }
        List<Entry> ents = new ArrayList<>(m.entries());
        for (int i = 0; i < ents.size(); i++) {
            if (ents.get(i).type() != EntryType.CONF_CHANGE) {
                continue;
            }
            if (r.pendingConfIndex > r.raftLog.applied) {
                // Only one unapplied conf change at a time: this one becomes a no-op entry.
                ents.set(i, Entry.normal(0, 0, ByteString.EMPTY));
            } else {
                r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
            }
        }
        if (!r.appendEntry(ents)) {
            throw new ProposalDroppedException();
        }
        Replication.bcastAppend(r);
    }

    private static void readIndex(Raft r, Message m) {
        if (r.trk.isSingleton()) {
            respond(r, m, r.raftLog.committed);
            return;
        }
        if (!r.committedEntryInCurrentTerm()) {
            // A new leader does not know the latest commit index until an entry of its own term
            // is committed (the Raft thesis, section 6.4): defer.
            r.pendingReadIndexMessages.add(m);
            return;
        }
        sendReadIndexResponse(r, m);
    }

    private static void sendReadIndexResponse(Raft r, Message m) {
        switch (r.readOnly.option) {
            case SAFE -> {
                r.readOnly.addRequest(r.raftLog.committed, m);
                r.readOnly.recvAck(r.id, m.context());
                Replication.bcastHeartbeatWithCtx(r, m.context());
            }
            case LEASE_BASED -> respond(r, m, r.raftLog.committed);
        }
    }

    private static void respond(Raft r, Message req, long index) {
        Message resp = r.responseToReadIndexReq(req, index);
        if (resp != null) {
            r.send(resp);
        }
    }

    private static void releasePendingReadIndexMessages(Raft r) {
        if (r.pendingReadIndexMessages.isEmpty() || !r.committedEntryInCurrentTerm()) {
            return;
        }
        List<Message> pending = List.copyOf(r.pendingReadIndexMessages);
        r.pendingReadIndexMessages.clear();
        for (Message m : pending) {
            sendReadIndexResponse(r, m);
        }
    }

    private static void appResp(Raft r, Message m, PeerProgress pr) {
        pr.recentActive = true;
        if (m.reject()) {
            long nextProbe = m.rejectHint();
            if (m.logTerm() > 0) {
                // Skip every entry of a term the follower cannot match (fast backtracking).
                nextProbe = r.raftLog.findConflictByTerm(m.rejectHint(), m.logTerm())[0];
            }
            if (pr.maybeDecrTo(m.index(), nextProbe)) {
                if (pr.state == ProgressState.REPLICATE) {
                    pr.becomeProbe();
                }
                Replication.sendAppend(r, m.from());
            }
            return;
        }
        boolean oldPaused = pr.isPaused();
        if (!pr.maybeUpdate(m.index()) && !(pr.match == m.index() && pr.state == ProgressState.PROBE)) {
            return;
        }
        switch (pr.state) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.match + 1 >= r.raftLog.firstIndex()) {
                    // The snapshot (or a newer one) arrived: replicate from the log again.
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> pr.inflights.freeLE(m.index());
        }
        if (r.maybeCommit()) {
            releasePendingReadIndexMessages(r);
            Replication.bcastAppend(r);
        } else if (oldPaused) {
            // The follower may have missed a commit index update while paused.
            Replication.sendAppend(r, m.from());
        }
        // Flow control may have opened: send as much as the window allows.
        while (Replication.maybeSendAppend(r, m.from(), false)) {
            // keep filling the window
        }
        if (m.from() == r.leadTransferee && pr.match == r.raftLog.lastIndex()) {
            Replication.sendTimeoutNow(r, m.from());
        }
    }

    private static void heartbeatResp(Raft r, Message m, PeerProgress pr) {
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state == ProgressState.REPLICATE && pr.inflights.full()) {
            pr.inflights.freeFirstOne();
        }
        if (pr.match < r.raftLog.lastIndex()) {
            Replication.sendAppend(r, m.from());
        }
        if (r.readOnly.option != ReadOnlyOption.SAFE || m.context().isEmpty()) {
            return;
        }
        var acks = r.readOnly.recvAck(m.from(), m.context());
        if (acks.isEmpty() || r.trk.voteResult(acks) != ProgressTracker.VoteResult.WON) {
            return;
        }
        for (ReadOnly.Pending p : r.readOnly.advance(m.context())) {
            respond(r, p.request, p.index);
        }
    }

    private static void transferLeader(Raft r, Message m, PeerProgress pr) {
        if (pr.isLearner) {
            return;
        }
        long transferee = m.from();
        if (r.leadTransferee != 0) {
            if (r.leadTransferee == transferee) {
                return;
            }
            r.abortLeaderTransfer();
        }
        if (transferee == r.id) {
            return;
        }
        // The transfer must finish within one election timeout, or it is aborted.
        r.electionElapsed = 0;
        r.leadTransferee = transferee;
        if (pr.match == r.raftLog.lastIndex()) {
            Replication.sendTimeoutNow(r, transferee);
        } else {
            Replication.sendAppend(r, transferee);
        }
    }
}
