package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A tiny in-memory cluster for unit tests: RawNodes over MemoryStorages, Readies handled in the
 * contract's order (persist, send, apply, advance), messages delivered FIFO, with isolation,
 * one-way cuts and a drop filter. Deterministic: each node's random is seeded by its id. Not
 * thread-safe: used by one test thread.
 */
final class Network {
    final Map<Long, RawNode> nodes = new TreeMap<>();
    final Map<Long, MemoryStorage> storages = new TreeMap<>();
    final Map<Long, List<Entry>> applied = new TreeMap<>();
    final Map<Long, List<ReadState>> reads = new TreeMap<>();
    final Map<Long, Config> configs = new TreeMap<>();
    final Deque<Message> queue = new ArrayDeque<>();
    /** Every message handed out by a Ready, in order (delivered or not). */
    final List<Message> sent = new ArrayList<>();

    private final Set<Long> isolated = new HashSet<>();
    private final Set<List<Long>> cuts = new HashSet<>();
    private Predicate<Message> drop = m -> false;
    private final UnaryOperator<Config> tweak;

    private Network(UnaryOperator<Config> tweak) {
        this.tweak = tweak;
    }

    /** Test defaults: election 10, heartbeat 1, no pre-vote or check-quorum unless tweaked. */
    static Config config(long id, RaftStorage storage) {
        return new Config(
                id,
                10,
                1,
                storage,
                0,
                Long.MAX_VALUE,
                0,
                0,
                256,
                false,
                false,
                ReadOnlyOption.SAFE,
                false,
                new SplittableRandom(id));
    }

    /** A network without nodes; add them with {@link #start}. */
    static Network empty(UnaryOperator<Config> tweak) {
        return new Network(tweak);
    }

    /** A config tweak that changes only the named knobs. */
    static UnaryOperator<Config> with(boolean checkQuorum, boolean preVote) {
        return c -> new Config(
                c.id(),
                c.electionTick(),
                c.heartbeatTick(),
                c.storage(),
                c.applied(),
                c.maxSizePerMsg(),
                c.maxCommittedSizePerReady(),
                c.maxUncommittedEntriesSize(),
                c.maxInflightMsgs(),
                checkQuorum,
                preVote,
                c.readOnlyOption(),
                c.disableProposalForwarding(),
                c.random());
    }

    /** A config tweak for flow control knobs. */
    static UnaryOperator<Config> sizes(
            long maxSizePerMsg, long maxCommittedPerReady, long maxUncommitted, int inflight) {
        return c -> new Config(
                c.id(),
                c.electionTick(),
                c.heartbeatTick(),
                c.storage(),
                c.applied(),
                maxSizePerMsg,
                maxCommittedPerReady,
                maxUncommitted,
                inflight,
                c.checkQuorum(),
                c.preVote(),
                c.readOnlyOption(),
                c.disableProposalForwarding(),
                c.random());
    }

    /** Entries delivered or not, filtered. */
    List<Message> sent(MessageType type, long from, long to) {
        List<Message> out = new ArrayList<>();
        for (Message m : sent) {
            if (m.type() == type && m.from() == from && m.to() == to) {
                out.add(m);
            }
        }
        return out;
    }

    /** A bootstrapped cluster of voters 1..n whose first Readies are handled. */
    static Network bootstrap(int n, UnaryOperator<Config> tweak) {
        Network net = new Network(tweak);
        List<Peer> peers = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            peers.add(new Peer(id, ByteString.EMPTY));
        }
        for (long id = 1; id <= n; id++) {
            net.start(id).bootstrap(peers);
        }
        net.settle();
        return net;
    }

    static Network bootstrap(int n) {
        return bootstrap(n, c -> c);
    }

    /** Bootstraps then elects node 1 and delivers everything. */
    static Network withLeader(int n, UnaryOperator<Config> tweak) {
        Network net = bootstrap(n, tweak);
        net.node(1).campaign();
        net.settle();
        return net;
    }

    /** Starts a node on a fresh (or the given) storage, not bootstrapped. */
    RawNode start(long id) {
        return start(id, new MemoryStorage(), 0);
    }

    RawNode start(long id, MemoryStorage storage, long appliedIndex) {
        Config c = tweak.apply(config(id, storage)).withApplied(appliedIndex);
        RawNode node = RawNode.create(c);
        nodes.put(id, node);
        storages.put(id, storage);
        configs.put(id, c);
        applied.putIfAbsent(id, new ArrayList<>());
        reads.putIfAbsent(id, new ArrayList<>());
        return node;
    }

    RawNode node(long id) {
        RawNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return n;
    }

    Status status(long id) {
        return node(id).status();
    }

    MemoryStorage storage(long id) {
        return req(storages, id);
    }

    /** The leader's progress of {@code peer}. */
    Progress progress(long leader, long peer) {
        Progress p = status(leader).progress().get(peer);
        if (p == null) {
            throw new IllegalStateException("no progress of " + peer + " on " + leader);
        }
        return p;
    }

    StateType state(long id) {
        return status(id).ss().raftState();
    }

    /** Handles every pending Ready of every node once more until none has one. */
    void processReadies() {
        boolean any = true;
        while (any) {
            any = false;
            for (var e : List.copyOf(nodes.entrySet())) {
                RawNode n = e.getValue();
                while (n.hasReady()) {
                    any = true;
                    handle(e.getKey(), n, n.ready());
                }
            }
        }
    }

    private void handle(long id, RawNode n, Ready rd) {
        MemoryStorage st = req(storages, id);
        if (!rd.snapshot().isEmpty()) {
            st.applySnapshot(rd.snapshot());
        }
        st.append(rd.entries());
        if (!rd.hardState().isEmpty()) {
            st.setHardState(rd.hardState());
        }
        for (Message m : rd.messages()) {
            sent.add(m);
            queue.add(m);
        }
        List<Entry> log = req(applied, id);
        for (Entry e : rd.committedEntries()) {
            if (e.type() == EntryType.CONF_CHANGE) {
                n.applyConfChange(ConfChange.parse(e.data()));
            }
            log.add(e);
        }
        req(reads, id).addAll(rd.readStates());
        n.advance(rd);
    }

    /** Delivers one queued message (false if none); dropped ones are consumed silently. */
    boolean deliverOne() {
        Message m = queue.poll();
        if (m == null) {
            return false;
        }
        if (!isDropped(m)) {
            RawNode to = nodes.get(m.to());
            if (to != null) {
                to.step(m);
            }
        }
        return true;
    }

    private boolean isDropped(Message m) {
        return isolated.contains(m.from())
                || isolated.contains(m.to())
                || cuts.contains(List.of(m.from(), m.to()))
                || drop.test(m);
    }

    /** Processes Readies and delivers messages until quiet. */
    void settle() {
        for (int i = 0; i < 1_000_000; i++) {
            processReadies();
            if (!deliverOne()) {
                return;
            }
        }
        throw new IllegalStateException("network did not settle");
    }

    /** Ticks one node and settles. */
    void tick(long id, int times) {
        for (int i = 0; i < times; i++) {
            node(id).tick();
            settle();
        }
    }

    /** Ticks every node (id order) and settles, {@code times} times. */
    void tickAll(int times) {
        for (int i = 0; i < times; i++) {
            for (RawNode n : nodes.values()) {
                n.tick();
            }
            settle();
        }
    }

    void isolate(long id) {
        isolated.add(id);
    }

    void recover() {
        isolated.clear();
        cuts.clear();
        drop = m -> false;
    }

    /** Drops messages from {@code from} to {@code to} (one way). */
    void cut(long from, long to) {
        cuts.add(List.of(from, to));
    }

    void dropIf(Predicate<Message> p) {
        drop = p;
    }

    /** The ids of current leaders (at most one per term if all is well). */
    List<Long> leaders() {
        List<Long> ls = new ArrayList<>();
        nodes.forEach((id, n) -> {
            if (n.status().ss().raftState() == StateType.LEADER) {
                ls.add(id);
            }
        });
        return ls;
    }

    /** The normal, non-empty entries a node applied, as strings. */
    List<String> appliedData(long id) {
        List<String> out = new ArrayList<>();
        for (Entry e : req(applied, id)) {
            if (e.type() == EntryType.NORMAL && !e.data().isEmpty()) {
                out.add(e.data().toStringUtf8());
            }
        }
        return out;
    }

    /** The node's whole log in storage from its first index. */
    List<Entry> log(long id) {
        MemoryStorage st = req(storages, id);
        if (st.lastIndex() < st.firstIndex()) {
            return List.of();
        }
        return st.entries(st.firstIndex(), st.lastIndex() + 1, Long.MAX_VALUE);
    }

    private static <V> V req(Map<Long, V> m, long id) {
        V v = m.get(id);
        if (v == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return v;
    }

    static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }
}
