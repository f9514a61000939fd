package dev.cairn.conformance;

import dev.cairn.proto.etcdserverpb.WatchCancelRequest;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchGrpc;
import dev.cairn.proto.etcdserverpb.WatchProgressRequest;
import dev.cairn.proto.etcdserverpb.WatchRequest;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One bidirectional {@code /etcdserverpb.Watch/Watch} stream driven with grpc-java. Every
 * response (and the stream's end) lands in a queue that the test thread drains with bounded
 * waits; nothing is interpreted here.
 *
 * <p>Thread-safe: sends are serialised on this object; the queue is concurrent.
 */
final class WatchStreamClient implements AutoCloseable {
    /** What the queue holds: a response, or the end of the stream. */
    sealed interface Item {
        /** The stream's tag, given at construction. */
        int tag();

        record Response(int tag, WatchResponse response, long receivedNanos) implements Item {}

        record Ended(int tag, @Nullable Throwable error) implements Item {}
    }

    private final LinkedBlockingQueue<Item> queue;
    private final int tag;
    private final ClientCallStreamObserver<WatchRequest> requests;
    private boolean closed;

    WatchStreamClient(ManagedChannel channel) {
        this(channel, new LinkedBlockingQueue<>(), 0);
    }

    /** A stream whose items go to a queue shared with other streams, tagged with {@code tag}. */
    WatchStreamClient(ManagedChannel channel, LinkedBlockingQueue<Item> queue, int tag) {
        this.queue = queue;
        this.tag = tag;
        Observer observer = new Observer();
        WatchGrpc.newStub(channel).watch(observer);
        ClientCallStreamObserver<WatchRequest> r = observer.requests;
        if (r == null) {
            throw new IllegalStateException("grpc-java did not hand over the request stream");
        }
        this.requests = r;
    }

    private final class Observer implements ClientResponseObserver<WatchRequest, WatchResponse> {
        @Nullable
        ClientCallStreamObserver<WatchRequest> requests;

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchRequest> stream) {
            this.requests = stream;
        }

        @Override
        public void onNext(WatchResponse value) {
            queue.add(new Item.Response(tag, value, System.nanoTime()));
        }

        @Override
        public void onError(Throwable t) {
            queue.add(new Item.Ended(tag, t));
        }

        @Override
        public void onCompleted() {
            queue.add(new Item.Ended(tag, null));
        }
    }

    synchronized void send(WatchRequest request) {
        if (!closed) {
            requests.onNext(request);
        }
    }

    void create(WatchCreateRequest create) {
        send(WatchRequest.newBuilder().setCreateRequest(create).build());
    }

    void cancel(long watchId) {
        send(WatchRequest.newBuilder()
                .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(watchId))
                .build());
    }

    void requestProgress() {
        send(WatchRequest.newBuilder()
                .setProgressRequest(WatchProgressRequest.getDefaultInstance())
                .build());
    }

    /** The next item, or null when none arrived within {@code wait}. */
    @Nullable
    Item poll(Duration wait) {
        try {
            return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The next response; fails when the stream ended or nothing came within {@code wait}. */
    WatchResponse next(Duration wait, String what) {
        Item item = poll(wait);
        if (item == null) {
            throw new AssertionError("no watch response within " + wait + " while waiting for " + what);
        }
        if (item instanceof Item.Response r) {
            return r.response();
        }
        throw new AssertionError("watch stream ended while waiting for " + what + ": " + ((Item.Ended) item).error());
    }

    /** Half-closes and cancels the call. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            requests.cancel("test done", null);
        }
    }

    /** True for a progress response: no events, neither created nor canceled, not compacted. */
    static boolean isProgress(WatchResponse r) {
        return r.getEventsCount() == 0
                && !r.getCreated()
                && !r.getCanceled()
                && r.getCompactRevision() == 0
                && r.getHeader().getRevision() != 0;
    }
}
