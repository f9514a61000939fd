package dev.cairn.raft.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The client-visible history of one simulation run: every acknowledged write and read, and every
 * write whose answer never came (pending). Reads without an answer impose nothing and are left out.
 * Owned by the simulation's single thread.
 *
 * <p>Stamps order the history in real time: {@code simTime * 1000 + k}, strictly increasing, so two
 * events at the same simulated time keep the order in which the event queue ran them.
 */
final class History {
    private static final long STAMPS_PER_TIME_UNIT = 1000;

    private final List<Op> ops = new ArrayList<>();
    private long lastStamp;

    /** A fresh stamp at {@code simTime}, after every stamp handed out before. */
    long stamp(long simTime) {
        lastStamp = Math.max(lastStamp + 1, simTime * STAMPS_PER_TIME_UNIT);
        return lastStamp;
    }

    void add(Op op) {
        ops.add(op);
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }

    static String describeStamp(long stamp) {
        return "t=" + stamp / STAMPS_PER_TIME_UNIT + "." + stamp % STAMPS_PER_TIME_UNIT;
    }
}
