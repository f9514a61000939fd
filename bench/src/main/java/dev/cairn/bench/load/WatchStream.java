package dev.cairn.bench.load;

import dev.cairn.bench.time.Ticker;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchGrpc;
import dev.cairn.proto.etcdserverpb.WatchRequest;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One Watch stream carrying many watches. Watches are created one at a time ({@link #create}
 * waits for no answer but callers must await each future before the next create, as etcd answers
 * creates in order and this class matches an answer to the one pending create). Events are
 * handed to each watch's {@link Handler} on the transport thread with the time they arrived.
 * Thread-safe for one creating thread plus the transport thread.
 */
public final class WatchStream implements StreamObserver<WatchResponse> {

    /** Receives a watch's events; called on the transport thread, so it must be quick. */
    @FunctionalInterface
    public interface Handler {
        void onEvents(List<Event> events, long arrivedNanos);
    }

    private final Ticker ticker;
    private final StreamObserver<WatchRequest> requests;
    private final Map<Long, Handler> handlers = new ConcurrentHashMap<>();
    private volatile @Nullable Pending pending;
    private volatile @Nullable Throwable failure;

    private record Pending(Handler handler, CompletableFuture<Long> created) {}

    public WatchStream(Channel channel, Ticker ticker) {
        this.ticker = ticker;
        this.requests = WatchGrpc.newStub(channel).watch(this);
    }

    /** Asks for a watch; the future completes with its id once the server has created it. */
    public synchronized CompletableFuture<Long> create(WatchCreateRequest request, Handler handler) {
        CompletableFuture<Long> created = new CompletableFuture<>();
        Throwable failed = failure;
        if (failed != null) {
            created.completeExceptionally(failed);
            return created;
        }
        pending = new Pending(handler, created);
        requests.onNext(WatchRequest.newBuilder().setCreateRequest(request).build());
        return created;
    }

    /** Ends the stream (the server cancels its watches). */
    public synchronized void close() {
        if (failure == null) {
            requests.onCompleted();
        }
    }

    @Override
    public void onNext(WatchResponse response) {
        long now = ticker.nanoTime();
        if (response.getCreated()) {
            Pending p = pending;
            pending = null;
            if (p == null) {
                return;
            }
            if (response.getCanceled()) {
                p.created()
                        .completeExceptionally(
                                new IllegalStateException("watch not created: " + response.getCancelReason()));
                return;
            }
            handlers.put(response.getWatchId(), p.handler());
            p.created().complete(response.getWatchId());
            return;
        }
        if (response.getEventsCount() > 0) {
            Handler h = handlers.get(response.getWatchId());
            if (h != null) {
                h.onEvents(response.getEventsList(), now);
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        Pending p = pending;
        pending = null;
        if (p != null) {
            p.created().completeExceptionally(t);
        }
    }

    @Override
    public void onCompleted() {
        onError(Status.UNAVAILABLE
                .withDescription("watch stream closed by the server")
                .asRuntimeException());
    }
}
