package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * The leader's outgoing replication: appends (with flow control and pipelining), snapshots to
 * followers whose next entry is compacted, and heartbeats. Stateless; operates on a {@link Raft}
 * owned by the {@link RawNode}'s driver thread.
 */
final class Replication {
    private Replication() {}

    static void sendAppend(Raft r, long to) {
        maybeSendAppend(r, to, true);
    }

    /**
     * Sends an append to {@code to} unless its progress is paused; with {@code sendIfEmpty} false,
     * only when there are entries to send. Returns whether a message was sent.
     */
    static boolean maybeSendAppend(Raft r, long to, boolean sendIfEmpty) {
        PeerProgress pr = r.trk.progress.get(to);
        if (pr == null || pr.isPaused()) {
            return false;
        }
        long prevIndex = pr.next - 1;
        long prevTerm;
        try {
            prevTerm = r.raftLog.term(prevIndex);
        } catch (CompactedException | UnavailableException e) {
            return maybeSendSnapshot(r, to, pr);
        }
        List<Entry> ents = List.of();
        if (pr.state != ProgressState.REPLICATE || !pr.inflights.full()) {
            try {
                ents = r.raftLog.entries(pr.next, r.maxMsgSize);
            } catch (CompactedException e) {
                return maybeSendSnapshot(r, to, pr);
            }
        }
        if (ents.isEmpty() && !sendIfEmpty) {
            return false;
        }
        r.send(Message.builder(MessageType.APP)
                .to(to)
                .index(prevIndex)
                .logTerm(prevTerm)
                .entries(ents)
                .commit(r.raftLog.committed)
                .build());
        pr.sentEntries(ents.size());
        return true;
    }

    private static boolean maybeSendSnapshot(Raft r, long to, PeerProgress pr) {
        if (!pr.recentActive) {
            // Do not send a snapshot to a member we have not heard from lately.
            return false;
        }
        Snapshot snap;
        try {
            snap = r.raftLog.snapshot();
        } catch (SnapshotTemporarilyUnavailableException e) {
            return false;
        }
        if (snap.isEmpty()) {
            throw new IllegalStateException("need non-empty snapshot");
        }
        pr.becomeSnapshot(snap.metadata().index());
        r.send(Message.builder(MessageType.SNAP).to(to).snapshot(snap).build());
        return true;
    }

    static void bcastAppend(Raft r) {
        for (long peer : r.trk.memberIds()) {
            if (peer != r.id) {
                sendAppend(r, peer);
            }
        }
    }

    static void bcastHeartbeat(Raft r) {
        bcastHeartbeatWithCtx(r, r.readOnly.lastPendingRequestCtx());
    }

    static void bcastHeartbeatWithCtx(Raft r, ByteString ctx) {
        for (long peer : r.trk.memberIds()) {
            if (peer != r.id) {
                sendHeartbeat(r, peer, ctx);
            }
        }
    }

    private static void sendHeartbeat(Raft r, long to, ByteString ctx) {
        PeerProgress pr = r.trk.progress.get(to);
        // A follower may not have the leader's committed entries yet: never tell it to commit
        // beyond what it is known to hold.
        long commit = pr == null ? 0 : Math.min(pr.match, r.raftLog.committed);
        r.send(Message.builder(MessageType.HEARTBEAT)
                .to(to)
                .commit(commit)
                .context(ctx)
                .build());
    }

    static void sendTimeoutNow(Raft r, long to) {
        r.send(Message.builder(MessageType.TIMEOUT_NOW).to(to).build());
    }
}
