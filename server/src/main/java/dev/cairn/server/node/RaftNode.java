package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Config;
import dev.cairn.raft.Entry;
import dev.cairn.raft.EntryType;
import dev.cairn.raft.Message;
import dev.cairn.raft.MessageType;
import dev.cairn.raft.Peer;
import dev.cairn.raft.RawNode;
import dev.cairn.raft.ReadOnlyOption;
import dev.cairn.raft.ReadState;
import dev.cairn.raft.Ready;
import dev.cairn.raft.SoftState;
import dev.cairn.raft.StateType;
import dev.cairn.raft.Status;
import dev.cairn.storage.wal.RaftLogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's raft node: owns the {@link RawNode} on a single driver thread ({@code
 * cairn-raft-<id>}) that takes {@link Command}s from an inbox in order, and after each batch
 * handles every Ready as the contract orders it: persist snapshot, entries and hard state to the
 * durable log (fsync when raft says so) and the memory storage, send the messages, hand the
 * committed entries to the apply loop (which submits them to the store right there when its thread
 * is idle and no conf change is among them, else queues them for its thread), answer read states,
 * advance. The driver never waits for the apply thread; the apply thread waits for the driver only
 * to apply a conf change to raft.
 *
 * <p>Thread-safe: every public method only queues a command (or reads a volatile view) and may be
 * called from any thread. Ticks come from a scheduler thread ({@code cairn-raft-tick-<id>}) every
 * {@link NodeConfig#tickInterval}; tests drive {@link #tick} themselves. A failure to persist is
 * fatal: the node stops and fails everything pending, as etcd panics.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftNode.class);

    private final NodeConfig config;
    private final DurableLog durable;
    private final Outbound outbound;
    private final LeadershipListener leadership;
    private final RawNode raw; // driver thread only
    private final ApplyLoop applyLoop;
    private final AppliedIndex applied;
    private final LinkedBlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
    private final Map<ByteString, CompletableFuture<Long>> pendingReads = new ConcurrentHashMap<>();
    private final Thread driver;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private @Nullable ScheduledExecutorService ticker; // guarded by this
    private volatile boolean running = true;
    private volatile @Nullable Throwable failure;
    private volatile long leader;
    private volatile long term;
    private volatile long commitIndex;
    private volatile StateType state = StateType.FOLLOWER;
    private volatile Map<Long, Long> matchIndex = Map.of();
    private volatile Map<Long, Long> activeSinceTick = Map.of();
    private volatile long ticks; // published copy of tickCount
    private long tickCount; // driver only
    private boolean campaignOnceAlone; // driver only
    private boolean sending; // driver only: inside outbound.send
    private final java.util.Set<Long> droppedInSend = new java.util.HashSet<>(); // driver only
    private final List<Entry> unsentProposals = new ArrayList<>(); // driver only
    private long unsentSinceTick; // driver only
    private long retriedSinceTick = -1; // driver only: the age of the proposals retried this round
    private final Map<Long, long[]> peerActivity = new java.util.HashMap<>(); // driver only: {since, last}

    private RaftNode(
            NodeConfig config,
            DurableLog durable,
            Outbound outbound,
            LeadershipListener leadership,
            RawNode raw,
            StateMachine machine) {
        this.config = config;
        this.durable = durable;
        this.outbound = outbound;
        this.leadership = leadership;
        this.raw = raw;
        long snapIndex = durable.snapshotIndex();
        this.applied = new AppliedIndex(snapIndex);
        this.applyLoop = new ApplyLoop(
                config.id(),
                machine,
                applied,
                durable.snapshotConfState(),
                snapIndex,
                config.snapshotCount(),
                new ApplyLoop.Hooks(
                        this::applyConfChangeOnDriver,
                        this::enqueue,
                        leadership::leaderCaughtUp,
                        this::isLeader,
                        this::fail));
        this.driver = new Thread(this::run, "cairn-raft-" + Long.toHexString(config.id()));
        this.driver.setDaemon(true);
        var hs = durable.memory().initialState().hardState();
        this.term = hs.term();
        this.commitIndex = hs.commit();
    }

    /**
     * Starts a node over {@code wal}. A log that holds anything is a restart: raft's state comes from
     * it and every committed entry after its snapshot is delivered again (the apply thread skips
     * what the store already has). An empty log with {@code bootstrapPeers} starts a new cluster
     * (the peers' conf changes become entries 1..n); an empty log without them joins an existing
     * cluster and waits for the leader to send the log.
     *
     * <p>Ticks are not scheduled: call {@link #startTicking} (production) or {@link #tick} (tests).
     */
    public static RaftNode start(
            NodeConfig config,
            RaftLogStore wal,
            StateMachine machine,
            Outbound outbound,
            LeadershipListener leadership,
            List<Peer> bootstrapPeers) {
        DurableLog durable = DurableLog.recover(wal);
        boolean restart = !durable.isEmpty();
        Config raftConfig = new Config(
                config.id(),
                config.electionTick(),
                config.heartbeatTick(),
                durable.memory(),
                durable.snapshotIndex(),
                config.maxSizePerMsg(),
                config.maxSizePerMsg() * 64,
                1L << 30,
                config.maxInflightMsgs(),
                config.checkQuorum(),
                config.preVote(),
                ReadOnlyOption.SAFE,
                false,
                new SplittableRandom(config.seed()));
        RawNode raw = RawNode.create(raftConfig);
        boolean alone;
        if (restart) {
            ConfState cs = durable.snapshotConfState();
            alone = cs.voters().equals(List.of(config.id()));
            log.info(
                    "restarting member {} at term {}, commit {}, snapshot {} (voters {}), store applied {}",
                    Long.toHexString(config.id()),
                    durable.memory().initialState().hardState().term(),
                    durable.memory().initialState().hardState().commit(),
                    durable.snapshotIndex(),
                    cs.voters().stream().map(Long::toHexString).toList(),
                    machine.appliedIndex());
        } else if (!bootstrapPeers.isEmpty()) {
            raw.bootstrap(bootstrapPeers);
            alone = bootstrapPeers.size() == 1 && bootstrapPeers.get(0).id() == config.id();
            log.info(
                    "starting member {} of a new cluster of {}",
                    Long.toHexString(config.id()),
                    bootstrapPeers.stream().map(p -> Long.toHexString(p.id())).toList());
        } else {
            alone = false;
            log.info("member {} joins an existing cluster", Long.toHexString(config.id()));
        }
        RaftNode node = new RaftNode(config, durable, outbound, leadership, raw, machine);
        node.campaignOnceAlone = alone && !restart;
        node.driver.start();
        if (alone && restart) {
            node.enqueue(new Command.Campaign());
        }
        return node;
    }

    /** True when {@code wal} holds nothing: the member never ran (a new or joining member). */
    public static boolean isEmpty(RaftLogStore wal) {
        return DurableLog.recover(wal).isEmpty();
    }

    /** Ticks every {@link NodeConfig#tickInterval} from a scheduler thread until {@link #close}. */
    public synchronized void startTicking() {
        if (ticker != null || !running) {
            return;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-raft-tick-" + Long.toHexString(config.id()));
            t.setDaemon(true);
            return t;
        });
        long period = config.tickInterval().toNanos();
        var unused = s.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
        ticker = s;
    }

    // ---- commands (any thread) ----

    /** One raft tick. */
    public void tick() {
        enqueue(new Command.Tick());
    }

    /** A message from a peer. */
    public void step(Message m) {
        enqueue(new Command.Step(m));
    }

    /**
     * Proposes {@code data} as a normal entry. Completes once raft took it (appended it as leader or
     * forwarded it to the leader); fails with raft's {@code ProposalDroppedException} when there is
     * no leader to take it. Being taken is no promise of commit: wait for the apply.
     */
    public CompletableFuture<Void> propose(ByteString data) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        enqueue(new Command.Propose(data, f));
        return f;
    }

    /** Proposes a membership change; completes as {@link #propose}. */
    public CompletableFuture<Void> proposeConfChange(ConfChange change) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        enqueue(new Command.ProposeConfChange(change, f));
        return f;
    }

    /**
     * Asks raft for a read index under the unique {@code context}. Completes with the index once the
     * leader confirmed it is still the leader; fails with {@link LeaderChangedException} when the
     * leader changes first. Raft drops the request when there is no leader: the future then never
     * completes by itself, so callers bound it and {@link #cancelReadIndex} on timeout.
     */
    public CompletableFuture<Long> readIndex(ByteString context) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        pendingReads.put(context, f);
        enqueue(new Command.ReadIndex(context));
        return f;
    }

    /** Forgets a read-index request whose caller stopped waiting. */
    public void cancelReadIndex(ByteString context) {
        pendingReads.remove(context);
    }

    /** Transfers leadership to {@code transferee} (a no-op unless this member leads). */
    public void transferLeader(long transferee) {
        enqueue(new Command.TransferLeader(transferee));
    }

    /** The transport could not deliver to {@code peer}. */
    public void reportUnreachable(long peer) {
        if (sending && Thread.currentThread() == driver) {
            droppedInSend.add(peer); // reported from inside outbound.send: those messages were not queued
        }
        enqueue(new Command.ReportUnreachable(peer));
    }

    /** A snapshot sent to {@code peer} finished ({@code ok}) or failed. */
    public void reportSnapshot(long peer, boolean ok) {
        enqueue(new Command.ReportSnapshot(peer, ok));
    }

    /** Raft's status, read on the driver thread. */
    public CompletableFuture<Status> status() {
        CompletableFuture<Status> f = new CompletableFuture<>();
        enqueue(new Command.ReadStatus(f));
        return f;
    }

    // ---- views (any thread) ----

    /** This member's raft id. */
    public long id() {
        return config.id();
    }

    /** The config the node runs with. */
    public NodeConfig config() {
        return config;
    }

    /** The leader this member knows (0: none). */
    public long leader() {
        return leader;
    }

    /** The current term. */
    public long term() {
        return term;
    }

    /** The commit index as of the last Ready. */
    public long commitIndex() {
        return commitIndex;
    }

    /** This member's raft role. */
    public StateType state() {
        return state;
    }

    /** True while this member is the leader. */
    public boolean isLeader() {
        return state == StateType.LEADER;
    }

    /** On the leader, every member's match index (its own included); empty elsewhere. */
    public Map<Long, Long> matchIndex() {
        return matchIndex;
    }

    /** The peers this member hears from, each with the tick since which it does. */
    public Map<Long, Long> activeSinceTick() {
        return activeSinceTick;
    }

    /** Ticks since the node started. */
    public long ticks() {
        return ticks;
    }

    /** The applied index, with waiters. */
    public AppliedIndex applied() {
        return applied;
    }

    /** Completes when the node stopped (closed or failed). */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    // ---- the driver ----

    private void enqueue(Command c) {
        if (!running) {
            failCommand(c, new StoppedException());
            return;
        }
        inbox.add(c);
    }

    private CompletableFuture<ConfState> applyConfChangeOnDriver(ConfChange cc) {
        CompletableFuture<ConfState> f = new CompletableFuture<>();
        enqueue(new Command.ApplyConfChange(cc, f));
        return f;
    }

    private void run() {
        List<Command> batch = new ArrayList<>();
        try {
            while (running) {
                batch.add(inbox.take());
                inbox.drainTo(batch, 4096);
                for (Command c : batch) {
                    handle(c);
                }
                batch.clear();
                while (running && raw.hasReady()) {
                    handleReady(raw.ready());
                }
                retriedSinceTick = -1;
                if (state == StateType.LEADER) {
                    Map<Long, Long> match = new java.util.TreeMap<>();
                    raw.status().progress().forEach((id, p) -> match.put(id, p.match()));
                    matchIndex = Map.copyOf(match);
                } else if (!matchIndex.isEmpty()) {
                    matchIndex = Map.of();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            batch.forEach(c -> failCommand(c, stopCause()));
            drainAndFail();
        }
    }

    private void handle(Command c) {
        switch (c) {
            case Command.Tick t -> {
                raw.tick();
                tickCount++;
                ticks = tickCount;
                trackActivity();
                retryUnsentProposals();
            }
            case Command.Step s -> stepSafely(s.message());
            case Command.Propose p -> {
                try {
                    raw.propose(p.data());
                    p.accepted().complete(null);
                } catch (RuntimeException e) {
                    p.accepted().completeExceptionally(e);
                }
            }
            case Command.ProposeConfChange p -> {
                try {
                    raw.proposeConfChange(p.change());
                    p.accepted().complete(null);
                } catch (RuntimeException e) {
                    p.accepted().completeExceptionally(e);
                }
            }
            case Command.ReadIndex r -> raw.readIndex(r.context());
            case Command.ApplyConfChange a -> {
                ConfState cs = raw.applyConfChange(a.change());
                a.done().complete(cs);
                if (campaignOnceAlone && cs.voters().equals(List.of(config.id()))) {
                    campaignOnceAlone = false; // a new single-member cluster: elect itself at once
                    raw.campaign();
                }
            }
            case Command.TransferLeader t -> raw.transferLeader(t.transferee());
            case Command.ReportUnreachable u -> raw.reportUnreachable(u.peer());
            case Command.ReportSnapshot s -> raw.reportSnapshot(s.peer(), s.ok());
            case Command.Campaign cmp -> raw.campaign();
            case Command.ReadStatus s -> s.status().complete(raw.status());
            case Command.Compact k -> {
                long compacted = durable.compact(k.index(), k.confState(), config.catchUpEntries());
                if (compacted > 0) {
                    log.info("saved snapshot at index {}; compacted the raft log up to {}", k.index(), compacted);
                } else if (compacted == 0) {
                    log.debug("saved snapshot at index {}", k.index());
                }
            }
        }
    }

    private void stepSafely(Message m) {
        try {
            raw.step(m);
        } catch (RuntimeException e) {
            // a message from a peer that raft refuses (unknown type, stale) must not stop the node
            log.debug("ignored message {} from {}: {}", m.type(), Long.toHexString(m.from()), e.toString());
        }
    }

    private void handleReady(Ready rd) {
        SoftState ss = rd.softState();
        if (ss != null) {
            onSoftState(ss);
        }
        if (rd.hardState().term() > 0) {
            term = rd.hardState().term();
            commitIndex = rd.hardState().commit();
        }
        durable.persist(rd);
        if (!rd.messages().isEmpty()) {
            sending = true;
            try {
                outbound.send(rd.messages());
            } finally {
                sending = false;
            }
            if (!droppedInSend.isEmpty()) {
                keepDroppedProposals(rd.messages());
            }
        }
        if (rd.snapshot().metadata().index() > 0) {
            log.warn(
                    "received a snapshot at index {} from the leader: installing store snapshots is not"
                            + " supported yet",
                    rd.snapshot().metadata().index());
        }
        applyLoop.submit(rd.committedEntries());
        for (ReadState rs : rd.readStates()) {
            CompletableFuture<Long> f = pendingReads.remove(rs.requestCtx());
            if (f != null) {
                f.complete(rs.index());
            }
        }
        raw.advance(rd);
    }

    private void onSoftState(SoftState ss) {
        long previous = leader;
        StateType previousState = state;
        state = ss.raftState();
        leader = ss.lead();
        if (previous != ss.lead()) {
            long t = raw.status().hs().term();
            term = t;
            if (ss.lead() == 0) {
                log.info("raft.node: {} lost leader {} at term {}", hex(config.id()), hex(previous), t);
            } else if (previous == 0) {
                log.info("raft.node: {} elected leader {} at term {}", hex(config.id()), hex(ss.lead()), t);
            } else {
                log.info(
                        "raft.node: {} changed leader from {} to {} at term {}",
                        hex(config.id()),
                        hex(previous),
                        hex(ss.lead()),
                        t);
            }
            failPendingReads(new LeaderChangedException());
            leadership.leaderChanged(ss.lead(), t, ss.lead() == config.id());
        } else if (previousState != ss.raftState()) {
            log.debug("raft state {} -> {}", previousState, ss.raftState());
        }
    }

    /**
     * A follower forwards proposals to the leader; when the transport refused such a message (the
     * link to the leader is down), raft has forgotten it and the client would wait for nothing
     * until its timeout. Those entries certainly never left this member, so proposing them again
     * cannot apply them twice: keep them for the next tick.
     */
    private void keepDroppedProposals(List<Message> sent) {
        for (Message m : sent) {
            if (m.type() == MessageType.PROP && droppedInSend.contains(m.to())) {
                if (unsentProposals.isEmpty()) {
                    unsentSinceTick = retriedSinceTick >= 0 ? retriedSinceTick : tickCount;
                }
                unsentProposals.addAll(m.entries());
            }
        }
        droppedInSend.clear();
    }

    private void retryUnsentProposals() {
        if (unsentProposals.isEmpty() || leader == 0) {
            return;
        }
        List<Entry> retry = new ArrayList<>(unsentProposals);
        unsentProposals.clear();
        retriedSinceTick = unsentSinceTick;
        if (tickCount - unsentSinceTick > 20L * config.electionTick()) {
            log.warn("dropping {} proposals the leader could not be reached for", retry.size());
            return; // their waiters timed out long ago
        }
        for (Entry e : retry) {
            try {
                if (e.type() == EntryType.CONF_CHANGE) {
                    raw.proposeConfChange(ConfChange.parse(e.data()));
                } else {
                    raw.propose(e.data());
                }
            } catch (RuntimeException dropped) {
                unsentProposals.add(e);
            }
        }
    }

    /**
     * Which peers this member hears from, in ticks: on the leader every member its progress marks
     * recently active (kept through one quiet election period, since check-quorum clears the mark
     * each period), on a follower its leader.
     */
    private void trackActivity() {
        long now = tickCount;
        if (state == StateType.LEADER) {
            raw.status().progress().forEach((id, p) -> {
                if (id != config.id() && p.recentActive()) {
                    long[] a = peerActivity.computeIfAbsent(id, k -> new long[] {now, now});
                    a[1] = now;
                }
            });
        } else if (leader != 0) {
            long[] a = peerActivity.computeIfAbsent(leader, k -> new long[] {now, now});
            a[1] = now;
        }
        long quiet = 2L * config.electionTick();
        peerActivity.values().removeIf(a -> now - a[1] > quiet);
        Map<Long, Long> since = new java.util.TreeMap<>();
        peerActivity.forEach((id, a) -> since.put(id, a[0]));
        activeSinceTick = Map.copyOf(since);
    }

    private void failPendingReads(RuntimeException cause) {
        for (var it = pendingReads.values().iterator(); it.hasNext(); ) {
            CompletableFuture<Long> f = it.next();
            it.remove();
            f.completeExceptionally(cause);
        }
    }

    private static String hex(long id) {
        return Long.toHexString(id);
    }

    // ---- stopping ----

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
            log.error("raft node {} failed; stopping it", hex(config.id()), e);
        }
        running = false;
        driver.interrupt();
    }

    private Throwable stopCause() {
        Throwable f = failure;
        return f != null ? new StoppedException(f) : new StoppedException();
    }

    private void drainAndFail() {
        running = false;
        List<Command> rest = new ArrayList<>();
        inbox.drainTo(rest);
        Throwable cause = stopCause();
        rest.forEach(c -> failCommand(c, cause));
        failPendingReads(new StoppedException());
        applied.failAll(cause);
        stopped.complete(null);
    }

    private static void failCommand(Command c, Throwable cause) {
        switch (c) {
            case Command.Propose p -> p.accepted().completeExceptionally(cause);
            case Command.ProposeConfChange p -> p.accepted().completeExceptionally(cause);
            case Command.ApplyConfChange a -> a.done().completeExceptionally(cause);
            case Command.ReadStatus s -> s.status().completeExceptionally(cause);
            default -> {}
        }
    }

    /**
     * Stops ticking, stops the driver (commands still queued fail with {@link StoppedException}),
     * then the apply thread after the entries it holds. Does not close the log or the store.
     */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = ticker;
            ticker = null;
        }
        if (t != null) {
            t.shutdownNow();
        }
        running = false;
        driver.interrupt();
        try {
            driver.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        applyLoop.close();
    }
}
