package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A raft node as a pure state machine (etcd-io/raft's RawNode). Not thread-safe: owned by one
 * driver thread, which calls {@link #tick()} on its clock, {@link #step} for each received message,
 * and, while {@link #hasReady()}, takes a {@link #ready()}, handles it as {@link Ready} says and
 * calls {@link #advance(Ready)} before the next {@code ready()}.
 */
public final class RawNode {
    private final Raft raft;
    private SoftState prevSoftSt;
    private HardState prevHardSt;

    private RawNode(Config config) {
        this.raft = new Raft(config);
        this.prevSoftSt = raft.softState();
        this.prevHardSt = raft.hardState();
    }

    /** A node restarting (or joining) from the state in {@code c.storage()}. */
    public static RawNode create(Config c) {
        return new RawNode(c);
    }

    /**
     * Starts a new cluster: writes conf-change entries adding {@code peers} at indexes 1..n, term
     * 1, committed, and applies them. The first {@link Ready} carries them (to persist, and to
     * apply again: adding a member twice changes nothing).
     *
     * @throws IllegalArgumentException without peers
     * @throws IllegalStateException if the storage is not empty
     */
    public void bootstrap(List<Peer> peers) {
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("must provide at least one peer to Bootstrap");
        }
        if (raft.raftLog.storage().lastIndex() != 0 || raft.raftLog.lastIndex() != 0) {
            throw new IllegalStateException("can't bootstrap a nonempty Storage");
        }
        // Make the first Ready carry the hard state.
        prevHardSt = HardState.EMPTY;
        raft.becomeFollower(1, 0);
        List<Entry> ents = new ArrayList<>(peers.size());
        List<ConfChange> changes = new ArrayList<>(peers.size());
        for (int i = 0; i < peers.size(); i++) {
            Peer p = peers.get(i);
            ConfChange cc = new ConfChange(ConfChangeType.ADD_NODE, p.id(), p.context());
            changes.add(cc);
            ents.add(new Entry(1, i + 1, EntryType.CONF_CHANGE, cc.toBytes()));
        }
        raft.raftLog.append(ents);
        raft.raftLog.committed = ents.size();
        for (ConfChange cc : changes) {
            raft.applyConfChange(cc);
        }
    }

    /** Advances the logical clock by one tick (election and heartbeat timeouts count ticks). */
    public void tick() {
        raft.tick();
    }

    /** Starts an election now (pre-vote first when configured); ignored by leaders and learners. */
    public void campaign() {
        raft.step(raft.local(MessageType.HUP));
    }

    /**
     * Proposes a command to be appended to the log (forwarded to the leader by a follower).
     *
     * @throws ProposalDroppedException if it cannot be proposed now
     */
    public void propose(ByteString data) {
        raft.step(Message.builder(MessageType.PROP)
                .from(raft.id)
                .entries(List.of(Entry.normal(0, 0, data)))
                .build());
    }

    /**
     * Proposes a membership change. A leader with an unapplied conf change turns this one into an
     * empty normal entry (as etcd), so the caller must watch for the conf-change entry to apply.
     *
     * @throws ProposalDroppedException if it cannot be proposed now
     */
    public void proposeConfChange(ConfChange cc) {
        raft.step(Message.builder(MessageType.PROP)
                .from(raft.id)
                .entries(List.of(new Entry(0, 0, EntryType.CONF_CHANGE, cc.toBytes())))
                .build());
    }

    /** Applies a committed membership change (call as its entry is applied); returns the config. */
    public ConfState applyConfChange(ConfChange cc) {
        return raft.applyConfChange(cc);
    }

    /**
     * Steps a message received from a peer. Local message types are rejected; responses from
     * unknown members and proposals this node drops are ignored (as etcd's node does).
     *
     * @throws IllegalArgumentException for a local message type
     */
    public void step(Message m) {
        if (m.type().isLocal()) {
            throw new IllegalArgumentException("raft: cannot step raft local message " + m.type());
        }
        if (m.type().isResponse() && !raft.trk.progress.containsKey(m.from())) {
            return;
        }
        if (m.type() == MessageType.PROP) {
            try {
                raft.step(m);
            } catch (ProposalDroppedException e) {
                // The forwarding follower's client times out, as with etcd.
            }
            return;
        }
        raft.step(m);
    }

    /**
     * Requests a linearizable read point for {@code requestCtx} (unique per request, not empty);
     * the answer comes as a {@link ReadState} in a later {@link Ready}, on this node. Without a
     * known leader the request is dropped (the caller retries), as etcd does.
     */
    public void readIndex(ByteString requestCtx) {
        if (requestCtx.isEmpty()) {
            throw new IllegalArgumentException("read index request context must not be empty");
        }
        raft.step(Message.builder(MessageType.READ_INDEX).context(requestCtx).build());
    }

    /** Asks the leader (this node or, forwarded, the known leader) to hand over to {@code transferee}. */
    public void transferLeader(long transferee) {
        raft.step(Message.builder(MessageType.TRANSFER_LEADER).from(transferee).build());
    }

    /** Tells the leader that a message to {@code id} could not be delivered. */
    public void reportUnreachable(long id) {
        raft.step(Message.builder(MessageType.UNREACHABLE).from(id).build());
    }

    /** Tells the leader whether the snapshot sent to {@code id} was installed. */
    public void reportSnapshot(long id, boolean ok) {
        raft.step(Message.builder(MessageType.SNAP_STATUS).from(id).reject(!ok).build());
    }

    /** Whether {@link #ready()} has anything to do. */
    public boolean hasReady() {
        if (!raft.softState().equals(prevSoftSt)) {
            return true;
        }
        HardState hs = raft.hardState();
        if (!hs.isEmpty() && !hs.equals(prevHardSt)) {
            return true;
        }
        RaftLog log = raft.raftLog;
        return log.hasPendingSnapshot()
                || !raft.msgs.isEmpty()
                || log.unstable.hasEntries()
                || log.hasNextCommittedEnts()
                || !raft.readStates.isEmpty();
    }

    /**
     * The next batch of work. Messages and read states are handed over (not repeated); the caller
     * must {@link #advance(Ready)} before the next call.
     */
    public Ready ready() {
        RaftLog log = raft.raftLog;
        SoftState ss = raft.softState();
        HardState hs = raft.hardState();
        List<Entry> entries = log.unstable.entries();
        Snapshot pending = log.unstable.snapshot();
        Snapshot snapshot = pending != null ? pending : Snapshot.EMPTY;
        List<Entry> committed = log.nextCommittedEnts();
        boolean mustSync = !entries.isEmpty()
                || !snapshot.isEmpty()
                || hs.term() != prevHardSt.term()
                || hs.vote() != prevHardSt.vote();
        Ready rd = new Ready(
                ss.equals(prevSoftSt) ? null : ss,
                hs.equals(prevHardSt) ? HardState.EMPTY : hs,
                raft.readStates,
                entries,
                snapshot,
                committed,
                raft.msgs,
                mustSync);
        prevSoftSt = ss;
        prevHardSt = hs;
        raft.readStates.clear();
        raft.msgs.clear();
        if (!committed.isEmpty()) {
            log.applying = committed.get(committed.size() - 1).index();
        }
        return rd;
    }

    /** Tells the node the driver persisted, sent and applied everything in {@code rd}. */
    public void advance(Ready rd) {
        RaftLog log = raft.raftLog;
        if (!rd.snapshot().isEmpty()) {
            long index = rd.snapshot().metadata().index();
            log.unstable.stableSnapTo(index);
            if (index > log.applied && index <= log.committed) {
                log.appliedTo(index);
            }
        }
        if (!rd.entries().isEmpty()) {
            Entry last = rd.entries().get(rd.entries().size() - 1);
            log.unstable.stableTo(last.index(), last.term());
        }
        if (!rd.committedEntries().isEmpty()) {
            log.appliedTo(
                    rd.committedEntries().get(rd.committedEntries().size() - 1).index());
            raft.reduceUncommittedSize(Entries.payloadSize(rd.committedEntries()));
        }
    }

    /** The node's current status; the progress map is filled on the leader only. */
    public Status status() {
        Map<Long, Progress> progress = new TreeMap<>();
        if (raft.state == StateType.LEADER) {
            raft.trk.progress.forEach((id, pr) -> progress.put(id, pr.toProgress()));
        }
        return new Status(
                raft.id, raft.hardState(), raft.softState(), raft.raftLog.applied, raft.leadTransferee, progress);
    }
}
