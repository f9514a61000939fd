package dev.cairn.raft.sim;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfChangeType;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.ProposalDroppedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The faults of a run, one every few hundred time units, chosen by the seed: partitions (a random
 * minority, or the leader alone), heals, crashes (with a restart after a random downtime), leader
 * transfers, network quality (loss, duplication, delay) and, when enabled, membership changes
 * (add a learner, promote it, remove a voter or learner, re-add a removed one). Owned by the
 * simulation's single thread.
 */
final class Nemesis {

    /** What the nemesis needs from the simulation. */
    interface Cluster {
        List<SimNode> nodes();

        /** The leader of the highest term among running nodes, or null. */
        @Nullable
        SimNode leader();

        void crash(SimNode n);

        void restart(SimNode n);

        /** Marks {@code n} as touched by the current event (its invariants are checked after it). */
        void touched(SimNode n);
    }

    private final EventQueue queue;
    private final RandomGenerator random;
    private final SimNetwork network;
    private final Cluster cluster;
    private final boolean membership;
    private final double leaderCrashChance;
    private boolean on = true;
    private int crashes;
    private int confChanges;
    private int transfers;

    Nemesis(EventQueue queue, RandomGenerator random, SimNetwork network, Cluster cluster, boolean membership) {
        this.queue = queue;
        this.random = random;
        this.network = network;
        this.cluster = cluster;
        this.membership = membership;
        this.leaderCrashChance = random.nextInt(3) == 0 ? 0.3 : 0.0;
    }

    /**
     * A node just became leader. In a third of the runs, new leaders often crash a moment later,
     * having replicated their first entries to only some followers: short terms with diverging
     * logs, where commitment rules matter.
     */
    void newLeader(SimNode leader) {
        if (on && random.nextDouble() < leaderCrashChance) {
            crashOne(leader, 1 + random.nextInt(3 * Simulation.TICK));
        }
    }

    void start() {
        queue.after(100 + random.nextInt(200), "nemesis", this::strike);
    }

    void stop() {
        on = false;
    }

    int crashes() {
        return crashes;
    }

    String summary() {
        return crashes + " crashes, " + transfers + " transfers, " + confChanges + " conf changes proposed";
    }

    private void strike() {
        if (!on) {
            return;
        }
        List<SimNode> nodes = cluster.nodes();
        int dice = random.nextInt(100);
        if (dice < 16) {
            Set<Long> minority = new HashSet<>();
            int size = 1 + random.nextInt(nodes.size() / 2);
            while (minority.size() < size) {
                minority.add(nodes.get(random.nextInt(nodes.size())).id());
            }
            network.partition(minority);
            queue.after(0, "partition: " + network.describe(), () -> {});
        } else if (dice < 26) {
            SimNode leader = cluster.leader();
            if (leader != null) {
                // The leader alone, or with one follower: a minority that may hold entries no
                // majority has (the setting of the Raft paper's figure 8).
                Set<Long> side = new HashSet<>(Set.of(leader.id()));
                if (random.nextBoolean()) {
                    side.add(nodes.get(random.nextInt(nodes.size())).id());
                }
                network.partition(side);
                queue.after(0, "isolate leader: " + network.describe(), () -> {});
            }
        } else if (dice < 42) {
            network.heal();
            queue.after(0, "heal", () -> {});
        } else if (dice < 52) {
            crashOne(nodes.get(random.nextInt(nodes.size())));
        } else if (dice < 60) {
            SimNode leader = cluster.leader();
            if (leader != null) {
                crashOne(leader);
            }
        } else if (dice < 70) {
            transfer(nodes);
        } else if (dice < 80) {
            double drop = random.nextInt(3) == 0 ? 0.0 : random.nextDouble() * 0.2;
            double dup = random.nextDouble() * 0.1;
            int delay = 1 + random.nextInt(15);
            network.quality(drop, dup, delay);
            queue.after(0, "network drop " + drop + " dup " + dup + " delay " + delay, () -> {});
        } else if (membership) {
            changeMembership(nodes);
        }
        queue.after(30 + random.nextInt(300), "nemesis", this::strike);
    }

    private void crashOne(SimNode victim) {
        crashOne(victim, 0);
    }

    private void crashOne(SimNode victim, long delay) {
        if (!victim.up()) {
            return;
        }
        crashes++;
        queue.after(delay, "crash " + victim.id(), () -> {
            if (victim.up()) {
                cluster.crash(victim);
            }
        });
        long downtime = Simulation.TICK * (2L + random.nextInt(random.nextBoolean() ? 10 : 60));
        queue.after(delay + downtime, "restart " + victim.id(), () -> {
            if (!victim.up()) {
                cluster.restart(victim);
            }
        });
    }

    private void transfer(List<SimNode> nodes) {
        SimNode leader = cluster.leader();
        if (leader == null) {
            return;
        }
        long to = nodes.get(random.nextInt(nodes.size())).id();
        transfers++;
        queue.after(0, "transfer leadership " + leader.id() + " -> " + to, () -> {
            leader.transferLeader(to);
            cluster.touched(leader);
        });
    }

    /**
     * Proposes one single-step change on the leader, from its current configuration: add a
     * non-member as a learner (starting it, or restarting a removed member with its old disk),
     * promote a learner, or remove a learner or (while more than three remain) a voter.
     */
    private void changeMembership(List<SimNode> nodes) {
        SimNode leader = cluster.leader();
        if (leader == null) {
            return;
        }
        ConfState cs = leader.stateMachine().confState();
        List<ConfChange> options = new ArrayList<>();
        for (SimNode n : nodes) {
            if (!cs.voters().contains(n.id()) && !cs.learners().contains(n.id())) {
                options.add(change(ConfChangeType.ADD_LEARNER_NODE, n.id()));
            }
        }
        for (long learner : cs.learners()) {
            options.add(change(ConfChangeType.ADD_NODE, learner));
            options.add(change(ConfChangeType.REMOVE_NODE, learner));
        }
        if (cs.voters().size() > 3) {
            for (long voter : cs.voters()) {
                options.add(change(ConfChangeType.REMOVE_NODE, voter));
            }
        }
        if (options.isEmpty()) {
            return;
        }
        ConfChange cc = options.get(random.nextInt(options.size()));
        confChanges++;
        queue.after(0, "propose " + cc.type() + " " + cc.nodeId() + " on " + leader.id(), () -> {
            if (cc.type() == ConfChangeType.ADD_LEARNER_NODE) {
                SimNode joiner = nodes.get((int) cc.nodeId() - 1);
                if (!joiner.up()) {
                    joiner.join();
                    cluster.touched(joiner);
                }
            }
            if (!leader.up()) {
                return;
            }
            try {
                leader.proposeConfChange(cc);
            } catch (ProposalDroppedException e) {
                // not leader any more, or a transfer in progress: nothing was proposed
            }
            cluster.touched(leader);
        });
    }

    private static ConfChange change(ConfChangeType type, long id) {
        return new ConfChange(type, id, ByteString.EMPTY);
    }
}
