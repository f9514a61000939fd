package dev.cairn.server.watch;

import dev.cairn.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The commits the store reported that the hub has not taken yet. The store's completer thread
 * offers (never blocks, never waits for watch work); at most one drain task is queued on the hub
 * at a time, and it takes every commit that waits, up to {@code maxRevisions} commits and about
 * {@code maxBytes} of events (at least one commit), then posts itself again if more wait, so other
 * hub tasks interleave. A hub that keeps up takes one commit per drain; a hub that fell behind
 * takes many at once, which turns its backlog into fewer, larger responses instead of a queue that
 * grows with the write rate.
 *
 * <p>Thread-safe: {@link #offer} from any thread; the drain runs on the hub executor.
 */
final class CommitInbox {
    /** One committed transaction as the store reported it. */
    record Commit(long revision, List<Event> events) {
        long bytes() {
            long n = 0;
            for (Event e : events) {
                n += e.getSerializedSize();
            }
            return n;
        }
    }

    private final ConcurrentLinkedQueue<Commit> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor hub;
    private final Consumer<List<Commit>> consumer;
    private final int maxRevisions;
    private final long maxBytes;

    CommitInbox(Executor hub, Consumer<List<Commit>> consumer, int maxRevisions, long maxBytes) {
        this.hub = hub;
        this.consumer = consumer;
        this.maxRevisions = maxRevisions;
        this.maxBytes = maxBytes;
    }

    /** From the store's completer thread: one commit, in revision order. */
    void offer(long revision, List<Event> events) {
        queue.add(new Commit(revision, events));
        schedule();
    }

    /** True if no commit waits (the hub may still be running one). */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            hub.execute(this::drain);
        }
    }

    /** On the hub thread. */
    private void drain() {
        scheduled.set(false); // a commit offered from here on posts the next drain
        List<Commit> batch = take();
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    private List<Commit> take() {
        List<Commit> batch = new ArrayList<>();
        long bytes = 0;
        for (Commit c = queue.peek(); c != null && batch.size() < maxRevisions; c = queue.peek()) {
            long size = c.bytes();
            if (!batch.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            queue.poll();
            batch.add(c);
            bytes += size;
        }
        return batch;
    }
}
