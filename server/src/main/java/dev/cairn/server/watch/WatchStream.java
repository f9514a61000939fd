package dev.cairn.server.watch;

import dev.cairn.proto.etcdserverpb.WatchRequest;

/**
 * The handle the rpc layer holds for one Watch stream; every method only posts work to the hub
 * thread, so it is thread-safe and never blocks.
 */
public final class WatchStream {
    private final WatchHub hub;
    private final StreamOps ops;
    private final StreamState state;

    WatchStream(WatchHub hub, StreamOps ops, StreamState state) {
        this.hub = hub;
        this.ops = ops;
        this.state = state;
    }

    /** A client request (create, cancel, progress; anything else is ignored). */
    public void onRequest(WatchRequest request) {
        hub.post(() -> ops.request(state, request));
    }

    /** The transport became ready for more responses. */
    public void onReady() {
        hub.post(() -> ops.ready(state));
    }

    /**
     * The client cancelled the call (or it failed): the stream's watchers go away. A client
     * half-close is not a reason to call this; etcd keeps serving a half-closed stream.
     */
    public void onClientGone() {
        hub.post(() -> ops.gone(state));
    }
}
