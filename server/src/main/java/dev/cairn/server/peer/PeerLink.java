package dev.cairn.server.peer;

import dev.cairn.proto.raftpb.Ack;
import dev.cairn.proto.raftpb.MessageBatch;
import dev.cairn.proto.raftpb.RaftPeerGrpc;
import dev.cairn.raft.Message;
import dev.cairn.server.config.EtcdUrl;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound connection to one peer: a bounded queue of messages and one long-lived {@code
 * Stream} call that carries them as batches.
 *
 * <p>{@link #offer} is thread-safe and never blocks. Everything else (the channel, the call, the
 * backoff) is confined to the transport's scheduler thread {@code exec}: gRPC callbacks hop onto
 * it, and a callback of an earlier call (older {@code generation}) is ignored.
 *
 * <p>States: connecting (call started, messages wait in the queue), up (the call is ready, the
 * queue is drained whenever the call can take more), down (the call failed: the queue was
 * dropped, the peer reported unreachable, offers are refused until the reconnect after a backoff).
 * The backoff doubles from {@code minBackoff} to {@code maxBackoff} while calls fail; it starts
 * over when a call that was open fails for a network reason, but not when the peer refuses the
 * call (certificate CN, bad request), so a misconfigured pair does not reconnect in a tight loop.
 * A failure is logged as a warning when it differs from the previous one. With several URLs, each
 * failure moves to the next one.
 */
final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

    private final long id;
    private final ScheduledExecutorService exec;
    private final PeerChannels channels;
    private final PeerReports reports;
    private final PeerTransport.Settings settings;
    private final ArrayBlockingQueue<Message> queue;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean down;
    private volatile boolean closed;
    private volatile List<EtcdUrl> urls;
    private volatile int urlIndex;

    // Confined to exec.
    private @Nullable ManagedChannel channel;
    private @Nullable ClientCallStreamObserver<MessageBatch> stream;
    private long generation;
    private boolean up;
    private final InstantSource clock;
    private volatile @Nullable Instant upSince;
    private Duration backoff;
    private @Nullable String lastError;
    private boolean lastRefused;

    PeerLink(
            long id,
            List<EtcdUrl> urls,
            ScheduledExecutorService exec,
            PeerChannels channels,
            PeerReports reports,
            PeerTransport.Settings settings,
            InstantSource clock) {
        this.clock = clock;
        this.id = id;
        this.urls = List.copyOf(urls);
        this.exec = exec;
        this.channels = channels;
        this.reports = reports;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.backoff = settings.minBackoff();
    }

    /** Since when the stream to the peer is open, or null while it is not. */
    @Nullable
    Instant upSince() {
        return upSince;
    }

    long id() {
        return id;
    }

    /** The URL in use (snapshots open their own channel to it). */
    EtcdUrl currentUrl() {
        List<EtcdUrl> u = urls;
        return u.get(Math.floorMod(urlIndex, u.size()));
    }

    /** Starts the first call. */
    void start() {
        post(this::open);
    }

    /**
     * Queues {@code m} for sending. False when it was dropped: the link is closed or down, or the
     * queue is full.
     */
    boolean offer(Message m) {
        if (closed || down || !queue.offer(m)) {
            return false;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            post(this::drain);
        }
        return true;
    }

    /** Switches to new URLs: the current call is cancelled and a new one started on the first URL. */
    void updateUrls(List<EtcdUrl> newUrls) {
        post(() -> {
            if (closed) {
                return;
            }
            urls = List.copyOf(newUrls);
            urlIndex = 0;
            teardown("peer URLs changed");
            down = false;
            backoff = settings.minBackoff();
            open();
        });
    }

    /** Stops the link: queued messages are dropped, the call is ended, the channel shut down. */
    void close() {
        closed = true;
        queue.clear();
        post(() -> teardown("peer removed"));
    }

    /** Runs on exec: cancels the call and shuts the channel down. */
    private void teardown(String why) {
        generation++;
        ClientCallStreamObserver<MessageBatch> s = stream;
        stream = null;
        up = false;
        upSince = null;
        if (s != null) {
            s.cancel(why, null);
        }
        ManagedChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.shutdownNow();
        }
    }

    private void open() {
        if (closed) {
            return;
        }
        long gen = ++generation;
        EtcdUrl url = currentUrl();
        ManagedChannel ch = channel;
        try {
            if (ch == null) {
                ch = channels.open(url);
                channel = ch;
            }
        } catch (IOException | RuntimeException e) {
            failed(gen, e);
            return;
        }
        ClientResponseObserver<MessageBatch, Ack> observer = new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<MessageBatch> requests) {
                requests.setOnReadyHandler(() -> post(() -> ready(gen)));
            }

            @Override
            public void onNext(Ack ack) {}

            @Override
            public void onError(Throwable t) {
                post(() -> failed(gen, t));
            }

            @Override
            public void onCompleted() {
                post(() -> failed(gen, new IOException("the peer ended the stream")));
            }
        };
        stream = (ClientCallStreamObserver<MessageBatch>) RaftPeerGrpc.newStub(ch).stream(observer);
    }

    private void ready(long gen) {
        if (gen != generation || closed) {
            return;
        }
        if (!up) {
            up = true;
            upSince = clock.instant();
            log.debug("peer {}: stream to {} is open", Long.toHexString(id), currentUrl());
            if (!lastRefused) {
                lastError = null; // the next failure is news
            }
        }
        drain();
    }

    private void drain() {
        drainScheduled.set(false);
        ClientCallStreamObserver<MessageBatch> s = stream;
        if (closed || s == null) {
            return;
        }
        while (s.isReady() && !queue.isEmpty()) {
            MessageBatch.Builder batch = MessageBatch.newBuilder();
            int bytes = 0;
            Message m;
            while (bytes < settings.maxBatchBytes() && (m = queue.poll()) != null) {
                dev.cairn.proto.raftpb.Message p = RaftCodec.encode(m);
                batch.addMessages(p);
                bytes += p.getSerializedSize();
            }
            s.onNext(batch.build());
        }
    }

    private void failed(long gen, Throwable t) {
        if (gen != generation || closed) {
            return;
        }
        boolean refused = refused(t);
        lastRefused = refused;
        String error = t.toString();
        if (!error.equals(lastError)) {
            log.warn("peer {}: stream to {} failed: {}", Long.toHexString(id), currentUrl(), error);
            lastError = error;
        } else {
            log.debug("peer {}: stream to {} failed again: {}", Long.toHexString(id), currentUrl(), error);
        }
        if (up && !refused) {
            backoff = settings.minBackoff(); // it worked until now: retry soon
        }
        boolean rotate = urls.size() > 1;
        if (rotate) {
            teardown("trying the next URL");
            urlIndex = urlIndex + 1;
        } else {
            generation++;
            stream = null;
            up = false;
            upSince = null;
        }
        down = true;
        queue.clear();
        reports.reportUnreachable(id);
        Duration delay = backoff;
        backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                ? settings.maxBackoff()
                : backoff.multipliedBy(2);
        long reconnectGen = generation;
        try {
            exec.schedule(() -> reconnect(reconnectGen), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the transport is closing
        }
    }

    /** A failure the peer decided (a refused certificate, a wrong service), not the network. */
    private static boolean refused(Throwable t) {
        Status.Code code = Status.fromThrowable(t).getCode();
        return code == Status.Code.PERMISSION_DENIED
                || code == Status.Code.UNAUTHENTICATED
                || code == Status.Code.UNIMPLEMENTED
                || code == Status.Code.INVALID_ARGUMENT;
    }

    private void reconnect(long gen) {
        if (gen != generation || closed) {
            return;
        }
        ManagedChannel ch = channel;
        if (ch != null) {
            ch.resetConnectBackoff(); // retry now, not after grpc's own (longer) backoff
        }
        down = false;
        open();
    }

    private void post(Runnable task) {
        try {
            exec.execute(task);
        } catch (RejectedExecutionException e) {
            // the transport is closing; nothing more is sent
        }
    }
}
