package dev.cairn.raft.sim;

import dev.cairn.raft.ConfState;
import dev.cairn.raft.Message;
import dev.cairn.raft.MessageType;
import dev.cairn.raft.StateType;
import dev.cairn.raft.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One seeded run: a cluster of 3 or 5 {@link SimNode}s (plus two spare nodes that membership
 * changes may add), the {@link SimNetwork}, the {@link Workload}'s clients and the {@link
 * Nemesis} on one {@link EventQueue}; {@link RaftInvariants} after every event; then a quiet period
 * (everything healed and restarted) in which the members must converge, and the clients' history
 * must be linearizable. Every random choice comes from the seed. Single-threaded.
 */
final class Simulation implements SimNetwork.Receiver, SimNode.Env, Nemesis.Cluster {
    static final int TICK = 10;
    private static final int MAX_SETTLE_TICKS = 500;
    private static final int SPARE_NODES = 2;

    /** What a passing run did, for the test report. */
    record Outcome(
            long seed,
            int members,
            long events,
            long sentMessages,
            long maxCommit,
            int leaderTerms,
            int crashes,
            int snapshotsInstalled,
            int confChangesApplied,
            String workload,
            String faults) {}

    private final long seed;
    private final SplittableRandom random;
    private final EventQueue queue = new EventQueue();
    private final RaftInvariants invariants = new RaftInvariants();
    private final History history = new History();
    private final SimNetwork network;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Workload workload;
    private final long duration;
    private final SimNode.Settings settings;
    private final List<SimNode> touched = new ArrayList<>();
    private final Nemesis nemesis;

    Simulation(long seed) {
        this(seed, DriverBug.NONE);
    }

    Simulation(long seed, DriverBug bug) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        int members = random.nextBoolean() ? 3 : 5;
        this.settings = new SimNode.Settings(
                10,
                pick(new long[] {0, 64, 256, 1 << 20}),
                pick(new long[] {0, 128, 1 << 20}),
                pick(new long[] {0, 0, 512}),
                (int) pick(new long[] {1, 2, 4, 256}),
                random.nextInt(4) != 0,
                random.nextInt(4) != 0,
                random.nextInt(4) == 0,
                20 + random.nextInt(80),
                random.nextInt(20),
                bug);
        this.duration = 5000;
        this.network = new SimNetwork(queue, random.split(), this);
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= members; id++) {
            ids.add(id);
        }
        for (long id = 1; id <= members + SPARE_NODES; id++) {
            nodes.add(new SimNode(id, ids, settings, random.split(), this, invariants));
        }
        this.workload = new Workload(queue, random.split(), nodes, history, 4, 30L * TICK);
        this.nemesis = new Nemesis(queue, random.split(), network, this, random.nextBoolean());
    }

    private long pick(long[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Runs the seed to the end; throws AssertionError naming the seed if anything is violated. */
    Outcome run() {
        try {
            return runUnchecked();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "seed " + seed + " failed at t=" + queue.now() + " after " + queue.executed() + " events ("
                            + settings + ", network " + network.describe() + "): " + e.getMessage()
                            + "\nnodes:" + describeNodes()
                            + "\nlast events:" + queue.trace()
                            + "\nreplay: ./mvnw -o -pl raft test -Dtest=RaftSimulationTest -Dsim.seed=" + seed,
                    e);
        }
    }

    private Outcome runUnchecked() {
        for (SimNode n : nodes) {
            if (!n.initialMember()) {
                queue.after(random.nextInt(TICK), "first tick " + n.id(), () -> tickLoop(n));
                continue;
            }
            queue.after(0, "bootstrap " + n.id(), () -> {
                n.bootstrap();
                touched.add(n);
            });
            long phase = random.nextInt(TICK);
            queue.after(phase, "first tick " + n.id(), () -> tickLoop(n));
        }
        network.quality(0.0, 0.0, 5);
        workload.start();
        nemesis.start();
        runUntil(duration);

        nemesis.stop();
        workload.stop();
        network.heal();
        network.quality(0.0, 0.0, 5);
        ConfState members = latestConfig();
        for (SimNode n : nodes) {
            if (!n.up() && isMember(members, n.id())) {
                restart(n);
            }
        }
        // Without pre-vote, members with stale logs can keep disrupting elections for a while (each
        // vote request resets the others' timers); liveness is only probabilistic, so allow long.
        String notConverged = "";
        for (long settled = 0; settled <= MAX_SETTLE_TICKS; settled += 10) {
            runUntil(duration + settled * TICK);
            notConverged = convergence();
            if (notConverged.isEmpty()) {
                break;
            }
        }
        if (!notConverged.isEmpty()) {
            throw new AssertionError(
                    "liveness: " + MAX_SETTLE_TICKS + " ticks after healing everything, " + notConverged);
        }
        invariants.checkQuorumDurable(voters());
        workload.finish();
        LinearizabilityChecker.Verdict verdict = LinearizabilityChecker.check(history.ops());
        if (!verdict.linearizable()) {
            throw new AssertionError("history not linearizable: " + verdict.explanation());
        }
        return new Outcome(
                seed,
                (int) nodes.stream().filter(SimNode::initialMember).count(),
                queue.executed(),
                network.sent(),
                invariants.maxCommit(),
                invariants.terms(),
                nemesis.crashes(),
                nodes.stream().mapToInt(SimNode::snapshotsInstalled).sum(),
                nodes.stream().mapToInt(SimNode::confChangesApplied).sum(),
                workload.summary(),
                nemesis.summary());
    }

    private String describeNodes() {
        StringBuilder sb = new StringBuilder();
        for (SimNode n : nodes) {
            sb.append("\n  ").append(n.describe());
        }
        return sb.toString();
    }

    private void runUntil(long until) {
        while (queue.runNext(until)) {
            for (SimNode n : touched) {
                if (invariants.observe(n)) {
                    nemesis.newLeader(n);
                }
            }
            touched.clear();
        }
    }

    private void tickLoop(SimNode n) {
        n.tick();
        touched.add(n);
        queue.after(TICK, n.tickLabel(), () -> tickLoop(n));
    }

    @Override
    public void send(Message m) {
        network.send(m);
    }

    @Override
    public void deliver(Message m) {
        SimNode to = node(m.to());
        to.receive(m);
        touched.add(to);
        if (m.type() == MessageType.SNAP) {
            SimNode from = node(m.from());
            from.reportSnapshot(m.to(), to.up());
            touched.add(from);
        }
    }

    /** Reported in a later event: the sender may be in the middle of handling a Ready. */
    @Override
    public void undeliverable(Message m) {
        SimNode from = node(m.from());
        if (m.type() == MessageType.SNAP) {
            queue.after(TICK, "snapshot " + m.from() + "->" + m.to() + " failed", () -> {
                from.reportSnapshot(m.to(), false);
                touched.add(from);
            });
        } else if (random.nextInt(4) == 0) {
            queue.after(1 + random.nextInt(TICK), m.to() + " unreachable for " + m.from(), () -> {
                from.reportUnreachable(m.to());
                touched.add(from);
            });
        }
    }

    @Override
    public void putApplied(long node, long value) {
        workload.putApplied(node, value);
    }

    private SimNode node(long id) {
        return nodes.get((int) id - 1);
    }

    @Override
    public List<SimNode> nodes() {
        return nodes;
    }

    @Override
    public void touched(SimNode n) {
        touched.add(n);
    }

    @Override
    public void crash(SimNode n) {
        n.crash();
        invariants.checkQuorumDurable(voters());
    }

    @Override
    public void restart(SimNode n) {
        n.restart();
        touched.add(n);
    }

    /** The configuration of the member that applied the most (the latest one committed). */
    private ConfState latestConfig() {
        SimNode latest = nodes.get(0);
        for (SimNode n : nodes) {
            if (n.stateMachine().applied() > latest.stateMachine().applied()) {
                latest = n;
            }
        }
        return latest.stateMachine().confState();
    }

    private static boolean isMember(ConfState cs, long id) {
        return cs.voters().contains(id) || cs.learners().contains(id);
    }

    private List<SimNode> voters() {
        ConfState cs = latestConfig();
        return nodes.stream().filter(n -> cs.voters().contains(n.id())).toList();
    }

    @Override
    public @Nullable SimNode leader() {
        SimNode best = null;
        long bestTerm = -1;
        for (SimNode n : nodes) {
            Status st = n.status();
            if (st != null && st.ss().raftState() == StateType.LEADER && st.hs().term() > bestTerm) {
                best = n;
                bestTerm = st.hs().term();
            }
        }
        return best;
    }

    /** Empty if a member leads and every member applied the same; else what is missing. */
    private String convergence() {
        SimNode leader = leader();
        ConfState members = latestConfig();
        if (leader == null || !members.voters().contains(leader.id())) {
            return "no leader among the voters " + members.voters();
        }
        long applied = leader.stateMachine().applied();
        for (SimNode n : nodes) {
            if (!isMember(members, n.id())) {
                continue;
            }
            if (n.stateMachine().applied() != applied
                    || n.stateMachine().digest() != leader.stateMachine().digest()) {
                return "node " + n.id() + " applied " + n.stateMachine().applied() + " but leader " + leader.id()
                        + " applied " + applied;
            }
        }
        return "";
    }
}
