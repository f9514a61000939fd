package dev.cairn.server.watch;

import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The hub's view of one Watch stream: its watchers by ID, the auto-ID counter, the outbox, the
 * deferred progress request and the inbound pause. Owned by the hub thread.
 */
final class StreamState implements Target {
    final ResponseSink sink;
    final Outbox outbox;
    final Map<Long, Watcher> watchers = new LinkedHashMap<>();

    /**
     * IDs of watchers that compaction cancelled. As in etcd, such an ID stays taken on its stream
     * (a create naming it is a duplicate, auto IDs skip it) until the client cancels it.
     */
    final Set<Long> retired = new HashSet<>();

    /** Next candidate for a server-chosen ID; only moves forward (etcd's nextID). */
    long nextAutoId;

    /** A progress request waits until every watcher of the stream is synced. */
    boolean deferredProgress;

    /** A request was handled while the outbox was full; the next is asked for once it drains. */
    boolean inboundPaused;

    boolean ended;

    TickSource.@Nullable Ticket ticket;

    StreamState(ResponseSink sink, WatchSettings settings) {
        this.sink = sink;
        this.outbox = new Outbox(settings.outboxCapacity(), settings.fragmentBytes());
    }

    @Override
    public boolean hasRoom() {
        return !ended && outbox.hasRoom();
    }

    @Override
    public void deliver(Watcher watcher, long headerRevision, List<Event> events) {
        watcher.quiet = false;
        outbox.add(Responses.events(sink.header(headerRevision), watcher.id, events), watcher.fragment);
        flush();
    }

    @Override
    public void compacted(Watcher watcher, long compactRevision) {
        retired.add(watcher.id);
        control(Responses.compacted(sink.header(0), watcher.id, compactRevision));
    }

    @Override
    public void removed(Watcher watcher) {
        watchers.remove(watcher.id);
    }

    /** Queues a response that is not subject to the outbox capacity, and sends what it can. */
    void control(WatchResponse response) {
        outbox.add(response, false);
        flush();
    }

    /** Sends queued responses while the transport is ready. */
    void flush() {
        if (!ended) {
            outbox.drain(sink);
        }
    }

    /** True if a live watcher or a compacted, not yet cancelled one holds {@code id}. */
    boolean taken(long id) {
        return watchers.containsKey(id) || retired.contains(id);
    }

    /** The server-chosen ID for the next create: the counter, skipping IDs in use. */
    long takeAutoId() {
        while (taken(nextAutoId)) {
            nextAutoId++;
        }
        return nextAutoId++;
    }
}
