package dev.cairn.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.raft.Message;
import dev.cairn.raft.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Raft nodes in one process over an in-memory network, each with a log store and a state machine
 * that survive its restarts. Nodes tick on their own schedulers (20 ms ticks, elections after 10
 * to 20 ticks); tests wait on futures with bounded timeouts, never sleep. Closing closes every
 * node.
 */
final class TestCluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final List<Long> ids;
    private final Map<Long, RaftNode> nodes = new ConcurrentHashMap<>();
    private final Map<Long, MemLogStore> logs = new ConcurrentHashMap<>();
    private final Map<Long, TestMachine> machines = new ConcurrentHashMap<>();
    private final Changes changes = new Changes();
    private final Set<Long> down = ConcurrentHashMap.newKeySet();
    private final Set<List<Long>> cut = ConcurrentHashMap.newKeySet();
    /** Completes when a cut refused a proposal. */
    final CompletableFuture<Void> refusedProposal = new CompletableFuture<>();

    private final long snapshotCount;
    private final long catchUp;

    TestCluster(int size, long snapshotCount, long catchUp) {
        List<Long> list = new ArrayList<>();
        for (long i = 1; i <= size; i++) {
            list.add(i);
        }
        this.ids = List.copyOf(list);
        this.snapshotCount = snapshotCount;
        this.catchUp = catchUp;
        for (long id : ids) {
            logs.put(id, new MemLogStore());
            machines.put(id, new TestMachine());
            start(id);
        }
    }

    TestCluster(int size) {
        this(size, 10_000, NodeConfig.CATCH_UP_ENTRIES);
    }

    NodeConfig config(long id) {
        return new NodeConfig(
                id,
                Duration.ofMillis(20),
                10,
                1,
                snapshotCount,
                catchUp,
                true,
                true,
                NodeConfig.MAX_SIZE_PER_MSG,
                NodeConfig.MAX_INFLIGHT_MSGS,
                id * 7919);
    }

    /** Starts (or restarts) node {@code id} over its log and machine. */
    RaftNode start(long id) {
        List<Peer> peers = ids.stream().map(p -> new Peer(p, ByteString.EMPTY)).toList();
        RaftNode node = RaftNode.start(
                config(id),
                java.util.Objects.requireNonNull(logs.get(id)),
                java.util.Objects.requireNonNull(machines.get(id)),
                this::deliver,
                changes,
                peers);
        nodes.put(id, node);
        down.remove(id);
        node.startTicking();
        return node;
    }

    /** Stops node {@code id}; messages to it are lost until it restarts. */
    void stop(long id) {
        down.add(id);
        RaftNode n = nodes.remove(id);
        if (n != null) {
            n.close();
        }
    }

    private void deliver(List<Message> messages) {
        Set<Long> unreachable = new java.util.LinkedHashSet<>();
        for (Message m : messages) {
            RaftNode target = nodes.get(m.to());
            if (cut.contains(List.of(m.from(), m.to()))) {
                unreachable.add(m.to());
                if (m.type() == dev.cairn.raft.MessageType.PROP) {
                    refusedProposal.complete(null);
                }
            } else if (target != null && !down.contains(m.to())) {
                target.step(m);
            }
        }
        // as the peer transport does: refused messages are reported on the sending thread
        RaftNode sender = messages.isEmpty() ? null : nodes.get(messages.get(0).from());
        if (sender != null) {
            unreachable.forEach(sender::reportUnreachable);
        }
    }

    /** Refuses (and reports) every message from {@code from} to {@code to} until {@link #heal}. */
    void cut(long from, long to) {
        cut.add(List.of(from, to));
    }

    void heal() {
        cut.clear();
    }

    RaftNode node(long id) {
        RaftNode n = nodes.get(id);
        assertThat(n).as("node %d is running", id).isNotNull();
        return java.util.Objects.requireNonNull(n);
    }

    TestMachine machine(long id) {
        return java.util.Objects.requireNonNull(machines.get(id));
    }

    MemLogStore log(long id) {
        return java.util.Objects.requireNonNull(logs.get(id));
    }

    /** Waits until every running node knows the same leader, and returns it. */
    long awaitLeader() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            CompletableFuture<Void> change = changes.current();
            Set<Long> seen = new java.util.HashSet<>();
            for (long id : ids) {
                RaftNode n = nodes.get(id);
                if (n != null && !down.contains(id)) {
                    seen.add(n.leader());
                }
            }
            if (seen.size() == 1 && !seen.contains(0L)) {
                return seen.iterator().next();
            }
            long remaining = deadline - System.nanoTime();
            assertThat(remaining)
                    .as("one leader within %s (seen %s)", WAIT, seen)
                    .isPositive();
            change.get(remaining, TimeUnit.NANOSECONDS);
        }
    }

    static ByteString put(String key, String value) {
        return ReplicatedRequest.newBuilder()
                .setPut(PutRequest.newBuilder()
                        .setKey(ByteString.copyFromUtf8(key))
                        .setValue(ByteString.copyFromUtf8(value)))
                .build()
                .toByteString();
    }

    /** Waits until {@code key} is applied on every running node. */
    void awaitEverywhere(String key) throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (long id : ids) {
            if (!down.contains(id)) {
                all.add(java.util.Objects.requireNonNull(machines.get(id)).awaitKey(key));
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        for (long id : ids) {
            stop(id);
        }
    }

    /** Completes its current future whenever any node's leader changes. */
    static final class Changes implements LeadershipListener {
        private CompletableFuture<Void> current = new CompletableFuture<>(); // guarded by this

        @Override
        public void leaderChanged(long newLeader, long term, boolean local) {
            CompletableFuture<Void> done;
            synchronized (this) {
                done = current;
                current = new CompletableFuture<>();
            }
            done.complete(null);
        }

        @Override
        public void leaderCaughtUp() {}

        synchronized CompletableFuture<Void> current() {
            return current;
        }
    }
}
