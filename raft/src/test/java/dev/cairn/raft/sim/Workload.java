package dev.cairn.raft.sim;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ProposalDroppedException;
import dev.cairn.raft.StateType;
import dev.cairn.raft.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Simulated clients: each issues one operation at a time on a small key space, to a member it picks
 * (the leader it last heard of, or any member), and gives up after a timeout. Writes put a value
 * unique in the run and are acknowledged when the member that took the proposal applies it; reads
 * go through ReadIndex and read the member's state machine once it applied the read index. Owned by
 * the simulation's single thread.
 *
 * <p>Writes that were never acknowledged stay in the {@link History} as pending (they may or may
 * not have happened); writes whose proposal was dropped are left out and must never be applied.
 */
final class Workload {
    private static final String[] KEYS = {"a", "b", "c"};

    private final EventQueue queue;
    private final RandomGenerator random;
    private final List<SimNode> nodes;
    private final History history;
    private final long timeout;
    private final Set<Long> dropped = new HashSet<>();
    private final List<Op> pendingWrites = new ArrayList<>();
    private final int[] opOf;
    private final @Nullable Op[] inFlightWrite;
    private long nextValue = 1;
    private long nextRead = 1;
    private int nextOp = 1;
    private boolean stopped;
    private int acknowledgedWrites;
    private int answeredReads;
    private int failed;
    private int timedOut;

    Workload(
            EventQueue queue, RandomGenerator random, List<SimNode> nodes, History history, int clients, long timeout) {
        this.queue = queue;
        this.random = random;
        this.nodes = nodes;
        this.history = history;
        this.timeout = timeout;
        this.opOf = new int[clients];
        this.inFlightWrite = new Op[clients];
    }

    void start() {
        for (int c = 0; c < opOf.length; c++) {
            int client = c;
            queue.after(1 + random.nextInt(50), "client " + c + " starts", () -> issue(client));
        }
    }

    /** No new operations from now on; the ones in flight may still complete. */
    void stop() {
        stopped = true;
    }

    /** Adds the writes that never got an answer (timed out or still waiting) to the history. */
    void finish() {
        for (Op w : pendingWrites) {
            history.add(w);
        }
        for (int c = 0; c < inFlightWrite.length; c++) {
            Op w = inFlightWrite[c];
            if (w != null && opOf[c] != 0) {
                history.add(w);
            }
        }
    }

    /** A put was applied somewhere: it must not be one whose proposal was dropped. */
    void putApplied(long node, long value) {
        if (dropped.contains(value)) {
            throw new AssertionError("node " + node + " applied value " + value + " whose proposal was dropped");
        }
    }

    String summary() {
        return acknowledgedWrites + " writes acknowledged, " + answeredReads + " reads answered, " + timedOut
                + " timed out, " + failed + " refused";
    }

    private void issue(int client) {
        if (stopped) {
            return;
        }
        int op = nextOp++;
        opOf[client] = op;
        inFlightWrite[client] = null;
        String key = KEYS[random.nextInt(KEYS.length)];
        SimNode node = pick();
        if (!node.up()) {
            failed++;
            opOf[client] = 0;
            next(client);
            return;
        }
        long invoke = history.stamp(queue.now());
        if (random.nextInt(2) == 0) {
            long value = nextValue++;
            inFlightWrite[client] = Op.write(client, key, value, invoke, Op.PENDING);
            try {
                node.propose(key, value, () -> {
                    if (opOf[client] == op) {
                        acknowledgedWrites++;
                        history.add(Op.write(client, key, value, invoke, history.stamp(queue.now())));
                        opOf[client] = 0;
                        next(client);
                    }
                });
            } catch (ProposalDroppedException e) {
                dropped.add(value);
                failed++;
                opOf[client] = 0;
                next(client);
                return;
            }
            queue.after(timeout, "client " + client + " write timeout", () -> {
                if (opOf[client] == op) {
                    timedOut++;
                    pendingWrites.add(Op.write(client, key, value, invoke, Op.PENDING));
                    node.abandon(value, ByteString.EMPTY);
                    opOf[client] = 0;
                    next(client);
                }
            });
        } else {
            ByteString ctx = ByteString.copyFromUtf8("read-" + nextRead++);
            node.read(ctx, key, value -> {
                if (opOf[client] == op) {
                    answeredReads++;
                    history.add(Op.read(client, key, value, invoke, history.stamp(queue.now())));
                    opOf[client] = 0;
                    next(client);
                }
            });
            queue.after(timeout, "client " + client + " read timeout", () -> {
                if (opOf[client] == op) {
                    timedOut++;
                    node.abandon(0, ctx);
                    opOf[client] = 0;
                    next(client);
                }
            });
        }
    }

    private void next(int client) {
        queue.after(1 + random.nextInt(30), "client " + client + " next op", () -> issue(client));
    }

    /** Half the time the leader some member knows of, else any member (followers forward). */
    private SimNode pick() {
        if (random.nextBoolean()) {
            for (SimNode n : nodes) {
                Status st = n.status();
                if (st != null && st.ss().raftState() == StateType.LEADER) {
                    return n;
                }
            }
        }
        return nodes.get(random.nextInt(nodes.size()));
    }
}
