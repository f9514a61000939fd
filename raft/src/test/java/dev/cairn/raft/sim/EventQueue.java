package dev.cairn.raft.sim;

import dev.cairn.raft.Message;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * The simulation's clock and its one queue of future events, ordered by time and then by the order
 * they were scheduled (so a run is a pure function of its seed). Owned by the simulation's single
 * thread, which calls {@link #runNext(long)} in a loop.
 */
final class EventQueue {
    private static final int TRACE = Integer.getInteger("sim.trace", 40);

    private record Event(long time, long seq, Object what, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private long now;
    private long seq;
    private long executed;

    long now() {
        return now;
    }

    long executed() {
        return executed;
    }

    /**
     * Runs {@code action} at {@code time} (not before now). {@code what} describes it in failure
     * traces (its {@code toString()} is only called on failure).
     */
    void at(long time, Object what, Runnable action) {
        queue.add(new Event(Math.max(time, now), seq++, what, action));
    }

    void after(long delay, Object what, Runnable action) {
        at(now + delay, what, action);
    }

    /** Runs the earliest event if it is due by {@code until}; false if none is. */
    boolean runNext(long until) {
        Event e = queue.peek();
        if (e == null || e.time() > until) {
            return false;
        }
        queue.poll();
        now = e.time();
        executed++;
        if (recent.size() == TRACE) {
            recent.removeFirst();
        }
        recent.addLast(e);
        e.action().run();
        return true;
    }

    /** The last events run, oldest first, one per line. */
    String trace() {
        StringBuilder sb = new StringBuilder();
        for (Event e : recent) {
            sb.append("\n  t=").append(e.time()).append(' ');
            sb.append(e.what() instanceof Message m ? Describe.message(m) : e.what());
        }
        return sb.toString();
    }
}
