package dev.cairn.server.watch;

import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchRequest;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * What a Watch stream's requests and transport events do: create, cancel, progress request,
 * progress tick, ready, gone. Owned by the hub thread: every method runs there.
 */
final class StreamOps {
    private final HubCore core;
    private final Executor hub;
    private final TickSource ticks;
    private final Duration interval;
    private final RandomGenerator random;

    StreamOps(HubCore core, Executor hub, TickSource ticks, WatchSettings settings, RandomGenerator random) {
        this.core = core;
        this.hub = hub;
        this.ticks = ticks;
        this.interval = settings.progressNotifyInterval();
        this.random = random;
    }

    /** etcd adds up to 10% jitter per stream so that streams opened together do not tick together. */
    private static Duration withJitter(Duration interval, RandomGenerator random) {
        long tenth = interval.toNanos() / 10;
        return tenth > 0 ? interval.plusNanos(random.nextLong(tenth)) : interval;
    }

    void open(StreamState s) {
        if (core.stopped()) {
            s.ended = true;
            s.sink.end(new HubStoppedException());
            return;
        }
        core.streams.add(s);
        s.ticket = ticks.every(withJitter(interval, random), () -> hub.execute(() -> tick(s)));
        s.sink.requestNext();
    }

    void request(StreamState s, WatchRequest request) {
        if (s.ended) {
            return;
        }
        switch (request.getRequestUnionCase()) {
            case CREATE_REQUEST -> create(s, request.getCreateRequest());
            case CANCEL_REQUEST -> cancel(s, request.getCancelRequest().getWatchId());
            case PROGRESS_REQUEST -> progress(s);
            case REQUESTUNION_NOT_SET -> {
                // etcd ignores empty and unknown requests and keeps the stream open
            }
        }
        if (s.outbox.hasRoom()) {
            s.sink.requestNext();
        } else {
            s.inboundPaused = true;
        }
    }

    private void create(StreamState s, WatchCreateRequest req) {
        ResponseHeader header = s.sink.header(core.revision);
        if (req.getStartRevision() < 0) {
            s.control(Responses.createFailed(header, CancelReasons.COMPACTED));
            return;
        }
        WatchRange range = WatchRange.of(req.getKey(), req.getRangeEnd());
        if (range == null) {
            s.control(Responses.createFailed(header, CancelReasons.EMPTY_RANGE));
            return;
        }
        long id = req.getWatchId();
        if (id == 0) {
            id = s.takeAutoId();
        } else if (s.taken(id)) {
            s.control(Responses.createFailed(header, CancelReasons.DUPLICATE_ID));
            return;
        }
        Watcher w = new Watcher(id, range, req.getStartRevision(), options(req), s);
        s.watchers.put(id, w);
        s.control(Responses.created(header, id));
        core.add(w);
    }

    private static Watcher.Options options(WatchCreateRequest req) {
        boolean noPut = false;
        boolean noDelete = false;
        for (WatchCreateRequest.FilterType f : req.getFiltersList()) {
            switch (f) {
                case NOPUT -> noPut = true;
                case NODELETE -> noDelete = true;
                case UNRECOGNIZED -> {}
            }
        }
        return new Watcher.Options(req.getPrevKv(), noPut, noDelete, req.getFragment(), req.getProgressNotify());
    }

    private void cancel(StreamState s, long id) {
        Watcher w = s.watchers.get(id);
        if (w == null) {
            if (s.retired.remove(id)) { // cancelled by compaction: etcd still confirms the cancel
                s.control(Responses.canceled(s.sink.header(core.revision), id));
            }
            return; // etcd answers an unknown ID with nothing
        }
        core.remove(w);
        s.control(Responses.canceled(s.sink.header(core.revision), id));
        core.retryDeferred();
    }

    private void progress(StreamState s) {
        if (!s.deferredProgress && !core.tryProgressAll(s)) {
            core.deferProgress(s);
        }
    }

    /**
     * The periodic progress tick: each progress_notify watcher that got no events since the last
     * tick, is synced and has room gets an empty response with its ID and the hub's revision.
     */
    void tick(StreamState s) {
        if (s.ended) {
            return;
        }
        for (Watcher w : s.watchers.values()) {
            if (!w.progressNotify) {
                continue;
            }
            if (w.quiet && w.progressible(core.revision) && s.outbox.hasRoom()) {
                s.outbox.add(Responses.progress(s.sink.header(core.revision), w.id), false);
            }
            w.quiet = true;
        }
        s.flush();
    }

    /** The transport can take more: send, resume reading requests, let victims catch up. */
    void ready(StreamState s) {
        if (s.ended) {
            return;
        }
        s.flush();
        if (s.outbox.hasRoom()) {
            if (s.inboundPaused) {
                s.inboundPaused = false;
                s.sink.requestNext();
            }
            core.scheduleSync();
        }
    }

    /** The client cancelled the call or it failed: forget the stream, send nothing. */
    void gone(StreamState s) {
        core.endStream(s, null);
    }
}
