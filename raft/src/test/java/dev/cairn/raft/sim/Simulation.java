package dev.cairn.raft.sim;

import dev.cairn.raft.Message;
import dev.cairn.raft.MessageType;
import dev.cairn.raft.StateType;
import dev.cairn.raft.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One seeded run: a cluster of 3 or 5 {@link SimNode}s, the {@link SimNetwork}, the {@link
 * Workload}'s clients and a nemesis (partitions, heals, crashes, restarts, leader transfers,
 * network quality) on one {@link EventQueue}; {@link RaftInvariants} after every event; then a
 * quiet period (everything healed and restarted) in which the cluster must converge, and the
 * clients' history must be linearizable. Every random choice comes from the seed. Single-threaded.
 */
final class Simulation implements SimNetwork.Receiver, SimNode.Env {
    static final int TICK = 10;
    private static final int MAX_SETTLE_TICKS = 500;

    /** What a passing run did, for the test report. */
    record Outcome(
            long seed, int members, long events, long sentMessages, long maxCommit, int leaderTerms, String workload) {}

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
    private boolean nemesisOn = true;

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
                20 + random.nextInt(80),
                random.nextInt(20),
                bug);
        this.duration = 3000;
        this.network = new SimNetwork(queue, random.split(), this);
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= members; id++) {
            ids.add(id);
        }
        for (long id : ids) {
            nodes.add(new SimNode(id, ids, settings, random.split(), this, invariants));
        }
        this.workload = new Workload(queue, random.split(), nodes, history, 3, 30L * TICK);
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
            queue.after(0, "bootstrap " + n.id(), () -> {
                n.bootstrap();
                touched.add(n);
            });
            long phase = random.nextInt(TICK);
            queue.after(phase, "first tick " + n.id(), () -> tickLoop(n));
        }
        network.quality(0.0, 0.0, 5);
        workload.start();
        queue.after(100 + random.nextInt(200), "nemesis", this::nemesis);
        runUntil(duration);

        nemesisOn = false;
        workload.stop();
        network.heal();
        network.quality(0.0, 0.0, 5);
        for (SimNode n : nodes) {
            if (!n.up()) {
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
        invariants.checkQuorumDurable(nodes);
        workload.finish();
        LinearizabilityChecker.Verdict verdict = LinearizabilityChecker.check(history.ops());
        if (!verdict.linearizable()) {
            throw new AssertionError("history not linearizable: " + verdict.explanation());
        }
        return new Outcome(
                seed,
                nodes.size(),
                queue.executed(),
                network.sent(),
                invariants.maxCommit(),
                invariants.terms(),
                workload.summary());
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
                invariants.observe(n);
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

    private void nemesis() {
        if (!nemesisOn) {
            return;
        }
        int dice = random.nextInt(100);
        if (dice < 20) {
            Set<Long> minority = new HashSet<>();
            int size = 1 + random.nextInt(nodes.size() / 2);
            while (minority.size() < size) {
                minority.add(1L + random.nextInt(nodes.size()));
            }
            network.partition(minority);
            queue.after(0, "partition " + network.describe(), () -> {});
        } else if (dice < 30) {
            SimNode leader = leader();
            if (leader != null) {
                network.partition(Set.of(leader.id()));
                queue.after(0, "isolate leader " + leader.id(), () -> {});
            }
        } else if (dice < 50) {
            network.heal();
            queue.after(0, "heal", () -> {});
        } else if (dice < 65) {
            SimNode victim = nodes.get(random.nextInt(nodes.size()));
            if (victim.up()) {
                crash(victim);
                long downtime = TICK * (5L + random.nextInt(80));
                queue.after(downtime, "restart " + victim.id(), () -> {
                    if (!victim.up()) {
                        restart(victim);
                    }
                });
            }
        } else if (dice < 80) {
            SimNode leader = leader();
            if (leader != null) {
                long to = 1L + random.nextInt(nodes.size());
                queue.after(0, "transfer leadership " + leader.id() + " -> " + to, () -> {
                    leader.transferLeader(to);
                    touched.add(leader);
                });
            }
        } else {
            double drop = random.nextInt(3) == 0 ? 0.0 : random.nextDouble() * 0.2;
            double dup = random.nextDouble() * 0.1;
            int delay = 1 + random.nextInt(15);
            network.quality(drop, dup, delay);
            queue.after(0, "network drop " + drop + " dup " + dup + " delay " + delay, () -> {});
        }
        queue.after(50 + random.nextInt(400), "nemesis", this::nemesis);
    }

    private void crash(SimNode n) {
        n.crash();
        invariants.checkQuorumDurable(nodes);
    }

    private void restart(SimNode n) {
        n.restart();
        touched.add(n);
    }

    private @Nullable SimNode leader() {
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

    /** Empty if one leader leads everyone and all applied the same; else what is missing. */
    private String convergence() {
        SimNode leader = leader();
        if (leader == null) {
            return "no leader";
        }
        long applied = leader.stateMachine().applied();
        for (SimNode n : nodes) {
            if (n.stateMachine().applied() != applied
                    || n.stateMachine().digest() != leader.stateMachine().digest()) {
                return "node " + n.id() + " applied " + n.stateMachine().applied() + " but leader " + leader.id()
                        + " applied " + applied;
            }
        }
        return "";
    }
}
