package dev.cairn.raft;

/**
 * The last indexes of append messages sent to one follower and not yet acknowledged, bounded by
 * {@link Config#maxInflightMsgs()}: the flow-control window of replicate state (a ring buffer, as
 * etcd's tracker.Inflights). Not thread-safe: owned by the {@link RawNode}'s driver thread.
 */
final class Inflights {
    private final long[] buffer;
    private int start;
    private int count;

    Inflights(int size) {
        buffer = new long[size];
    }

    /** Records a message whose last entry is {@code index} (indexes must increase). */
    void add(long index) {
        if (full()) {
            throw new IllegalStateException("cannot add into a full inflights");
        }
        buffer[(start + count) % buffer.length] = index;
        count++;
    }

    /** Frees every message whose last index is at most {@code to}. */
    void freeLE(long to) {
        if (count == 0 || to < buffer[start]) {
            return;
        }
        int i = 0;
        int idx = start;
        while (i < count && buffer[idx] <= to) {
            i++;
            idx = (idx + 1) % buffer.length;
        }
        count -= i;
        start = count == 0 ? 0 : idx;
    }

    /** Frees the oldest message (a heartbeat response shows the follower is alive). */
    void freeFirstOne() {
        if (count > 0) {
            freeLE(buffer[start]);
        }
    }

    boolean full() {
        return count == buffer.length;
    }

    int count() {
        return count;
    }

    void reset() {
        start = 0;
        count = 0;
    }
}
