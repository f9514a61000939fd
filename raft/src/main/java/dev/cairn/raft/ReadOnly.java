package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's pending ReadIndex requests (etcd's readOnly, SAFE option): each request records
 * the commit index when it arrived; a heartbeat round carrying the newest request's context
 * collects acknowledgements; once a quorum acknowledged a context, it and every request queued
 * before it are answered. Not thread-safe: owned by the {@link RawNode}'s driver thread.
 */
final class ReadOnly {
    /** One pending request: the original message, the read index, and who acknowledged. */
    static final class Pending {
        final Message request;
        final long index;
        final Map<Long, Boolean> acks = new TreeMap<>();

        Pending(Message request, long index) {
            this.request = request;
            this.index = index;
        }
    }

    final ReadOnlyOption option;
    private final Map<ByteString, Pending> pending = new HashMap<>();
    private final List<ByteString> queue = new ArrayList<>();

    ReadOnly(ReadOnlyOption option) {
        this.option = option;
    }

    /** Queues a request (ignored if its context is already pending). */
    void addRequest(long index, Message m) {
        ByteString ctx = m.context();
        if (pending.containsKey(ctx)) {
            return;
        }
        pending.put(ctx, new Pending(m, index));
        queue.add(ctx);
    }

    /** Records {@code id}'s acknowledgement of {@code ctx}; returns the acks so far (empty map if unknown). */
    Map<Long, Boolean> recvAck(long id, ByteString ctx) {
        Pending p = pending.get(ctx);
        if (p == null) {
            return Map.of();
        }
        p.acks.put(id, true);
        return p.acks;
    }

    /** Removes and returns every request up to and including {@code ctx}, oldest first. */
    List<Pending> advance(ByteString ctx) {
        int at = queue.indexOf(ctx);
        if (at < 0) {
            return List.of();
        }
        List<Pending> done = new ArrayList<>(at + 1);
        List<ByteString> head = queue.subList(0, at + 1);
        for (ByteString c : head) {
            Pending p = pending.remove(c);
            if (p == null) {
                throw new IllegalStateException("cannot find corresponding read state from pending map");
            }
            done.add(p);
        }
        head.clear();
        return done;
    }

    /** The newest pending context (what heartbeats carry), or empty. */
    ByteString lastPendingRequestCtx() {
        return queue.isEmpty() ? ByteString.EMPTY : queue.get(queue.size() - 1);
    }
}
