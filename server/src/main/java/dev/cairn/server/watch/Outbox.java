package dev.cairn.server.watch;

import dev.cairn.proto.etcdserverpb.WatchResponse;
import java.util.ArrayDeque;

/**
 * The responses of one stream that are produced but not yet handed to gRPC, in order. Event and
 * progress responses enter only while there is room ({@link #hasRoom}, etcd's 128); control
 * responses (created, canceled, progress-all) always enter, bounded instead by inbound flow
 * control (the stream stops reading requests while the outbox is full). Drained while the sink is
 * ready. Owned by the hub thread.
 */
final class Outbox {
    private record Item(WatchResponse response, boolean fragmentable) {}

    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final int capacity;
    private final long fragmentBytes;

    Outbox(int capacity, long fragmentBytes) {
        this.capacity = capacity;
        this.fragmentBytes = fragmentBytes;
    }

    boolean hasRoom() {
        return queue.size() < capacity;
    }

    int size() {
        return queue.size();
    }

    /** Queues a response; {@code fragmentable} if its watcher asked for fragments. */
    void add(WatchResponse response, boolean fragmentable) {
        queue.add(new Item(response, fragmentable));
    }

    /** Sends queued responses while {@code sink} is ready; returns how many left the queue. */
    int drain(ResponseSink sink) {
        int sent = 0;
        while (!queue.isEmpty() && sink.isReady()) {
            Item item = queue.poll();
            if (item.fragmentable()) {
                Fragmenter.split(item.response(), fragmentBytes).forEach(sink::send);
            } else {
                sink.send(item.response());
            }
            sent++;
        }
        return sent;
    }

    void clear() {
        queue.clear();
    }
}
