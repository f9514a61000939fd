package dev.cairn.raft.sim;

import dev.cairn.raft.Message;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The simulated network: every message is an event on the {@link EventQueue}, delivered after a
 * random delay (so messages reorder), sometimes dropped, sometimes delivered twice, never across a
 * partition (checked when sent and again when delivered). Owned by the simulation's single thread.
 */
final class SimNetwork {

    /** Where messages go. */
    interface Receiver {
        /** Hands {@code m} to node {@code m.to()} (which may be down). */
        void deliver(Message m);

        /** Tells the sender that {@code m} did not arrive, as a transport notices a broken stream. */
        void undeliverable(Message m);
    }

    private final EventQueue queue;
    private final RandomGenerator random;
    private final Receiver receiver;
    private final Map<Long, Integer> side = new HashMap<>();
    private double dropRate;
    private double duplicateRate;
    private int maxDelay = 5;
    private long sent;
    private long dropped;

    SimNetwork(EventQueue queue, RandomGenerator random, Receiver receiver) {
        this.queue = queue;
        this.random = random;
        this.receiver = receiver;
    }

    /** Sets the loss and duplication probabilities and the maximal ordinary delay. */
    void quality(double dropRate, double duplicateRate, int maxDelay) {
        this.dropRate = dropRate;
        this.duplicateRate = duplicateRate;
        this.maxDelay = maxDelay;
    }

    /** Cuts the nodes in {@code minority} off from all others (they still reach each other). */
    void partition(Set<Long> minority) {
        side.clear();
        for (long id : minority) {
            side.put(id, 1);
        }
    }

    void heal() {
        side.clear();
    }

    boolean connected(long a, long b) {
        return side.getOrDefault(a, 0).equals(side.getOrDefault(b, 0));
    }

    String describe() {
        return side.isEmpty() ? "whole" : "cut off " + side.keySet();
    }

    long sent() {
        return sent;
    }

    long dropped() {
        return dropped;
    }

    void send(Message m) {
        sent++;
        if (!connected(m.from(), m.to()) || random.nextDouble() < dropRate) {
            lose(m);
            return;
        }
        int copies = random.nextDouble() < duplicateRate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = 1L + random.nextInt(maxDelay);
            if (random.nextInt(50) == 0) {
                delay += random.nextInt(20 * maxDelay); // a straggler, overtaken by later messages
            }
            queue.after(delay, m, () -> arrive(m));
        }
    }

    private void arrive(Message m) {
        if (!connected(m.from(), m.to())) {
            lose(m);
            return;
        }
        receiver.deliver(m);
    }

    private void lose(Message m) {
        dropped++;
        receiver.undeliverable(m);
    }
}
