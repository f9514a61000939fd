package dev.cairn.raft.sim;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Config;
import dev.cairn.raft.Entry;
import dev.cairn.raft.EntryType;
import dev.cairn.raft.HardState;
import dev.cairn.raft.MemoryStorage;
import dev.cairn.raft.Message;
import dev.cairn.raft.Peer;
import dev.cairn.raft.RaftStorage;
import dev.cairn.raft.RawNode;
import dev.cairn.raft.ReadOnlyOption;
import dev.cairn.raft.ReadState;
import dev.cairn.raft.Ready;
import dev.cairn.raft.Snapshot;
import dev.cairn.raft.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One simulated member: the driver of a {@link RawNode} over a {@link SimDisk} and a {@link
 * KvStateMachine}, handling each {@link Ready} in the contract's order (persist, fsync if
 * mustSync, send, apply, advance) and compacting its log behind snapshots. Owned by the
 * simulation's single thread; every call runs the ready loop to the end, so between events the
 * node has no unhandled Ready.
 *
 * <p>A crash loses the RawNode, the in-memory log and the unsynced writes; the state machine is
 * durable at every apply. A restart recreates the RawNode from the disk with {@code applied} = the
 * state machine's applied index (clamped to the durable commit, which a crash may have taken back)
 * and the configuration the state machine recorded with it (Cairn keeps members in the same batch
 * as the applied index).
 */
final class SimNode {

    /** What a node needs from the rest of the simulation. */
    interface Env {
        void send(Message m);

        /** A put with this value was applied on {@code node}. */
        void putApplied(long node, long value);
    }

    /** The raft and compaction knobs of one run. */
    record Settings(
            int electionTick,
            long maxSizePerMsg,
            long maxCommittedSizePerReady,
            long maxUncommittedEntriesSize,
            int maxInflightMsgs,
            boolean checkQuorum,
            boolean preVote,
            boolean disableProposalForwarding,
            int compactEvery,
            int keepBehind,
            DriverBug bug) {}

    private static final class PendingRead {
        final ByteString ctx;
        final String key;
        final LongConsumer done;
        long index;

        PendingRead(ByteString ctx, String key, LongConsumer done) {
            this.ctx = ctx;
            this.key = key;
            this.done = done;
        }
    }

    private static final boolean DEBUG = Boolean.getBoolean("sim.debug");

    private final long id;
    private final List<Long> initialMembers;
    private final Settings settings;
    private final SplittableRandom random;
    private final Env env;
    private final RaftInvariants invariants;
    private final SimDisk disk;
    private final KvStateMachine sm = new KvStateMachine();
    private final Map<Long, Runnable> writeWaiters = new HashMap<>();
    private final Map<ByteString, PendingRead> reads = new HashMap<>();
    private final List<PendingRead> readsAwaitingApply = new ArrayList<>();
    private final String tickLabel;
    /**
     * Set when a conf change is applied: the next snapshot must not wait for compactEvery, because
     * a member added after the latest snapshot rejects that snapshot (it is not in its ConfState),
     * and a leader whose log is compacted past the new member's position has nothing else to send.
     */
    private boolean snapshotSoon;

    private int snapshotsInstalled;
    private int confChangesApplied;

    private @Nullable RawNode raw;
    private @Nullable MemoryStorage storage;

    SimNode(
            long id,
            List<Long> initialMembers,
            Settings settings,
            SplittableRandom random,
            Env env,
            RaftInvariants invariants) {
        this.id = id;
        this.initialMembers = List.copyOf(initialMembers);
        this.settings = settings;
        this.random = random;
        this.env = env;
        this.invariants = invariants;
        this.disk = new SimDisk(id, invariants);
        this.tickLabel = "tick " + id;
    }

    long id() {
        return id;
    }

    boolean up() {
        return raw != null;
    }

    SimDisk disk() {
        return disk;
    }

    KvStateMachine stateMachine() {
        return sm;
    }

    /** The live log, or null while down. */
    @Nullable
    MemoryStorage log() {
        return storage;
    }

    @Nullable
    Status status() {
        return raw == null ? null : raw.status();
    }

    int snapshotsInstalled() {
        return snapshotsInstalled;
    }

    int confChangesApplied() {
        return confChangesApplied;
    }

    /** Whether this node was in the cluster's initial configuration (else it joins later). */
    boolean initialMember() {
        return initialMembers.contains(id);
    }

    /**
     * Starts a node that was added to the cluster: from its disk if it ran before (a removed
     * member re-added keeps its term and vote), else empty, to learn everything from the leader.
     */
    void join() {
        if (!disk.blank()) {
            restart();
            return;
        }
        MemoryStorage s = new MemoryStorage();
        RawNode n = RawNode.create(config(s, 0));
        storage = s;
        raw = n;
        invariants.restarted(id);
        processReady();
    }

    /** First start of a new cluster. */
    void bootstrap() {
        MemoryStorage s = new MemoryStorage();
        RawNode n = RawNode.create(config(s, 0));
        n.bootstrap(
                initialMembers.stream().map(p -> new Peer(p, ByteString.EMPTY)).toList());
        storage = s;
        raw = n;
        processReady();
    }

    void crash() {
        disk.crash(random);
        raw = null;
        storage = null;
        writeWaiters.clear();
        reads.clear();
        readsAwaitingApply.clear();
    }

    void restart() {
        if (disk.blank()) {
            if (sm.applied() != 0) {
                throw new AssertionError(
                        "node " + id + " applied " + sm.applied() + " with nothing durable in its log");
            }
            if (initialMember()) {
                bootstrap();
            } else {
                join();
            }
            return;
        }
        MemoryStorage s = disk.restore();
        HardState hs = disk.hardState();
        long snapshotIndex = disk.snapshot().metadata().index();
        long applied = Math.max(snapshotIndex, Math.min(sm.applied(), hs.commit()));
        RawNode n = RawNode.create(config(new RestartStorage(s, sm.confState()), applied));
        storage = s;
        raw = n;
        invariants.restarted(id);
        invariants.commitReported(id, hs.term(), hs.commit(), s);
        processReady();
    }

    void tick() {
        if (raw != null) {
            raw.tick();
            processReady();
        }
    }

    void receive(Message m) {
        if (raw != null) {
            raw.step(m);
            processReady();
        }
    }

    void reportUnreachable(long peer) {
        if (raw != null) {
            raw.reportUnreachable(peer);
            processReady();
        }
    }

    void reportSnapshot(long peer, boolean ok) {
        if (raw != null) {
            raw.reportSnapshot(peer, ok);
            processReady();
        }
    }

    /** Proposes a membership change; throws {@code ProposalDroppedException} as the RawNode does. */
    void proposeConfChange(ConfChange cc) {
        RawNode n = raw;
        if (n == null) {
            throw new IllegalStateException("node " + id + " is down");
        }
        n.proposeConfChange(cc);
        processReady();
    }

    void transferLeader(long transferee) {
        if (raw != null) {
            raw.transferLeader(transferee);
            processReady();
        }
    }

    /**
     * Proposes a put; {@code onApplied} runs when this node applies it. Throws {@code
     * ProposalDroppedException} as the RawNode does (the proposal is then certainly not in any log).
     */
    void propose(String key, long value, Runnable onApplied) {
        RawNode n = raw;
        if (n == null) {
            throw new IllegalStateException("node " + id + " is down");
        }
        n.propose(KvStateMachine.put(key, value));
        if (settings.bug() == DriverBug.ACK_ON_PROPOSE) {
            onApplied.run();
        } else {
            writeWaiters.put(value, onApplied);
        }
        processReady();
    }

    /** Starts a linearizable read of {@code key}; {@code done} gets the value once it is safe. */
    void read(ByteString ctx, String key, LongConsumer done) {
        RawNode n = raw;
        if (n == null) {
            throw new IllegalStateException("node " + id + " is down");
        }
        if (settings.bug() == DriverBug.READ_WITHOUT_READ_INDEX) {
            done.accept(sm.get(key));
            return;
        }
        reads.put(ctx, new PendingRead(ctx, key, done));
        n.readIndex(ctx);
        processReady();
    }

    /** Forgets a client's interest (it gave up waiting). */
    void abandon(long writeValue, ByteString readCtx) {
        writeWaiters.remove(writeValue);
        reads.remove(readCtx);
        readsAwaitingApply.removeIf(r -> r.ctx.equals(readCtx));
    }

    private void processReady() {
        RawNode n = raw;
        MemoryStorage s = storage;
        if (n == null || s == null) {
            return;
        }
        while (n.hasReady()) {
            Ready rd = n.ready();
            if (DEBUG) {
                System.out.println("node " + id + " ready: entries " + Describe.entries(rd.entries()) + " committed "
                        + Describe.entries(rd.committedEntries()) + " hs " + rd.hardState() + " snap "
                        + rd.snapshot().metadata().index() + " msgs "
                        + rd.messages().size() + " raftApplied "
                        + n.status().applied() + " smApplied " + sm.applied());
            }
            persist(rd, s);
            for (Message m : rd.messages()) {
                env.send(m);
            }
            apply(rd, n);
            n.advance(rd);
        }
        maybeCompact(s);
    }

    private void persist(Ready rd, MemoryStorage s) {
        HardState before = s.initialState().hardState();
        HardState hs = rd.hardState();
        boolean termOrVoteChanged = !hs.isEmpty() && (hs.term() != before.term() || hs.vote() != before.vote());
        if ((!rd.entries().isEmpty() || termOrVoteChanged) && !rd.mustSync()) {
            throw new AssertionError("node " + id + ": Ready with entries or a new term/vote must be synced: " + rd);
        }
        if (!rd.snapshot().isEmpty()) {
            s.applySnapshot(rd.snapshot());
            disk.write(new SimDisk.Write.InstallSnapshot(rd.snapshot()));
        }
        if (!rd.entries().isEmpty()) {
            s.append(rd.entries());
            disk.write(new SimDisk.Write.Append(rd.entries()));
        }
        if (!hs.isEmpty()) {
            s.setHardState(hs);
            disk.write(new SimDisk.Write.SetHardState(hs));
        }
        if ((rd.mustSync() || !rd.snapshot().isEmpty()) && settings.bug() != DriverBug.NO_FSYNC) {
            disk.sync();
        }
        if (!hs.isEmpty()) {
            invariants.commitReported(id, hs.term(), hs.commit(), s);
        }
    }

    private void apply(Ready rd, RawNode n) {
        if (!rd.snapshot().isEmpty()) {
            sm.restore(rd.snapshot());
            snapshotsInstalled++;
            invariants.restored(id, rd.snapshot(), sm.digest());
        }
        List<Entry> committed = rd.committedEntries();
        if (!committed.isEmpty() && committed.get(0).index() > sm.applied() + 1) {
            throw new AssertionError("node " + id + " applied " + sm.applied() + " but is handed committed entries "
                    + Describe.entries(committed) + " (Ready entries " + Describe.entries(rd.entries())
                    + ", hard state "
                    + rd.hardState() + ", snapshot " + rd.snapshot().metadata().index() + ")");
        }
        for (Entry e : committed) {
            invariants.checkApplied(id, e);
            if (e.index() <= sm.applied()) {
                continue; // applied before a crash that took back the durable commit index
            }
            if (e.type() == EntryType.CONF_CHANGE) {
                ConfState cs = n.applyConfChange(ConfChange.parse(e.data()));
                sm.confState(cs);
                snapshotSoon = true;
                if (e.index() > initialMembers.size()) {
                    confChangesApplied++; // not one of the bootstrap entries
                }
            }
            long value = sm.apply(e);
            invariants.applied(id, e, sm.digest());
            if (value != 0) {
                env.putApplied(id, value);
                Runnable waiter = writeWaiters.remove(value);
                if (waiter != null) {
                    waiter.run();
                }
            }
        }
        for (ReadState rs : rd.readStates()) {
            PendingRead r = reads.remove(rs.requestCtx());
            if (r != null) {
                r.index = rs.index();
                readsAwaitingApply.add(r);
            }
        }
        for (Iterator<PendingRead> it = readsAwaitingApply.iterator(); it.hasNext(); ) {
            PendingRead r = it.next();
            if (r.index <= sm.applied()) {
                it.remove();
                r.done.accept(sm.get(r.key));
            }
        }
    }

    private void maybeCompact(MemoryStorage s) {
        long applied = sm.applied();
        long snapshotIndex = s.snapshot().metadata().index();
        boolean due = applied - snapshotIndex >= settings.compactEvery() || (snapshotSoon && applied > snapshotIndex);
        if (!due || applied > s.lastIndex()) {
            return;
        }
        snapshotSoon = false;
        if (settings.bug() == DriverBug.NO_FSYNC) {
            return;
        }
        disk.sync(); // the commit index covering `applied` is durable before a snapshot at it
        Snapshot snap = s.createSnapshot(applied, sm.confState(), sm.snapshotData());
        long compactTo = Math.max(s.firstIndex(), applied - settings.keepBehind());
        s.compact(compactTo);
        disk.write(new SimDisk.Write.Compact(snap, compactTo));
        disk.sync();
    }

    private Config config(RaftStorage s, long applied) {
        return new Config(
                id,
                settings.electionTick(),
                1,
                s,
                applied,
                settings.maxSizePerMsg(),
                settings.maxCommittedSizePerReady(),
                settings.maxUncommittedEntriesSize(),
                settings.maxInflightMsgs(),
                settings.checkQuorum(),
                settings.preVote(),
                ReadOnlyOption.SAFE,
                settings.disableProposalForwarding(),
                random.split());
    }

    /** The label of this node's tick events. */
    String tickLabel() {
        return tickLabel;
    }

    /** Role, hard state, log bounds and applied index, for failure reports. */
    String describe() {
        StringBuilder sb = new StringBuilder("node ").append(id);
        Status st = status();
        MemoryStorage s = storage;
        if (st == null || s == null) {
            sb.append(" down");
        } else {
            sb.append(' ')
                    .append(st.ss().raftState())
                    .append(" lead=")
                    .append(st.ss().lead())
                    .append(' ')
                    .append(st.hs())
                    .append(" log=(")
                    .append(s.firstIndex() - 1)
                    .append(",")
                    .append(s.lastIndex())
                    .append("] raftApplied=")
                    .append(st.applied());
        }
        return sb.append(" smApplied=")
                .append(sm.applied())
                .append(" durable=(")
                .append(disk.snapshot().metadata().index())
                .append(",")
                .append(disk.lastIndex())
                .append("] ")
                .append(disk.hardState())
                .toString();
    }

    @Override
    public String toString() {
        return "node " + id + (raw == null ? " (down)" : "");
    }
}
