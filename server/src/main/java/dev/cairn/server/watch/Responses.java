package dev.cairn.server.watch;

import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import java.util.List;

/** The shapes of etcd's watch responses. Stateless; thread-safe. */
final class Responses {
    /** etcd's InvalidWatchID: failed creates and stream-wide progress carry it. */
    static final long INVALID_ID = -1;

    private Responses() {}

    static WatchResponse created(ResponseHeader header, long id) {
        return WatchResponse.newBuilder()
                .setHeader(header)
                .setWatchId(id)
                .setCreated(true)
                .build();
    }

    static WatchResponse createFailed(ResponseHeader header, String reason) {
        return WatchResponse.newBuilder()
                .setHeader(header)
                .setWatchId(INVALID_ID)
                .setCreated(true)
                .setCanceled(true)
                .setCancelReason(reason)
                .build();
    }

    static WatchResponse canceled(ResponseHeader header, long id) {
        return WatchResponse.newBuilder()
                .setHeader(header)
                .setWatchId(id)
                .setCanceled(true)
                .build();
    }

    /** etcd sends this with header.revision 0. */
    static WatchResponse compacted(ResponseHeader header, long id, long compactRevision) {
        return WatchResponse.newBuilder()
                .setHeader(header)
                .setWatchId(id)
                .setCanceled(true)
                .setCompactRevision(compactRevision)
                .build();
    }

    static WatchResponse events(ResponseHeader header, long id, List<Event> events) {
        return WatchResponse.newBuilder()
                .setHeader(header)
                .setWatchId(id)
                .addAllEvents(events)
                .build();
    }

    /** A progress notification: no events, the watch's id (or -1 for the whole stream). */
    static WatchResponse progress(ResponseHeader header, long id) {
        return WatchResponse.newBuilder().setHeader(header).setWatchId(id).build();
    }
}
