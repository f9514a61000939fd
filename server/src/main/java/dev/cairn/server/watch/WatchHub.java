package dev.cairn.server.watch;

import com.google.protobuf.ByteString;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's watchable store for one member: receives every commit from the store, keeps every
 * watcher (gRPC streams' and in-process ones) and serves them live or from history.
 *
 * <p>Thread-safe. Owns one hub thread (a single-thread executor whose thread exists only while
 * there is work, so an idle or unclosed hub holds no thread): all watch state lives on it, and
 * every public method just posts a task. The store's completer thread only enqueues commits.
 */
public final class WatchHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);

    private final ThreadPoolExecutor executor;
    private final WatchSettings settings;
    private final HubCore core;
    private final CommitInbox inbox;
    private final StreamOps ops;

    private WatchHub(MvccStore store, WatchSettings settings, TickSource ticks, RandomGenerator random) {
        this.settings = settings;
        this.executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "cairn-watch-hub");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        this.core = new HubCore(this::post);
        core.catchUp(new CatchUp(core, store, settings));
        this.inbox =
                new CommitInbox(this::post, core::onCommits, settings.catchUpRevisions(), settings.fragmentBytes());
        this.ops = new StreamOps(core, this::post, ticks, settings, random);
    }

    /** A hub over {@code store} with real ticks. */
    public static WatchHub start(MvccStore store, WatchSettings settings) {
        return start(store, settings, new ScheduledTicks(), new SplittableRandom());
    }

    /**
     * A hub over {@code store}. It subscribes to the store's commits and takes the store's current
     * revision as its starting point, on the hub thread, before any other task runs.
     */
    public static WatchHub start(MvccStore store, WatchSettings settings, TickSource ticks, RandomGenerator random) {
        WatchHub hub = new WatchHub(store, settings, ticks, random);
        hub.post(() -> {
            store.addCommitListener(hub.inbox::offer);
            try (ReadView view = store.read()) {
                hub.core.revision = view.currentRevision();
            } catch (RuntimeException e) {
                LOG.warn("watch hub cannot read the store's revision; watches are refused", e);
                hub.core.stop();
            }
        });
        return hub;
    }

    /** Opens the hub side of a Watch stream; the hub asks {@code sink} for the first request. */
    public WatchStream openStream(ResponseSink sink) {
        StreamState state = new StreamState(sink, settings);
        post(() -> ops.open(state));
        return new WatchStream(this, ops, state);
    }

    /**
     * An in-process watch with etcd's semantics for {@code key}, {@code rangeEnd} and {@code
     * startRevision} (0 = from the next revision; a past revision replays history; a future one
     * waits). Events come with prev_kv. An empty range ends it at once with {@link
     * IllegalArgumentException}.
     */
    public Subscription watch(ByteString key, ByteString rangeEnd, long startRevision, EventListener listener) {
        ListenerTarget target = new ListenerTarget(listener);
        WatchRange range = WatchRange.of(key, rangeEnd);
        if (range == null || startRevision < 0) {
            post(() -> target.end(new IllegalArgumentException(
                    range == null ? CancelReasons.EMPTY_RANGE : "negative start revision")));
            return () -> {};
        }
        Watcher w = new Watcher(-1, range, startRevision, Watcher.Options.INTERNAL, target);
        post(() -> {
            if (core.stopped()) {
                target.end(new HubStoppedException());
                return;
            }
            core.listeners.add(target);
            core.add(w);
        });
        return () -> post(() -> core.remove(w));
    }

    /**
     * The first event at or after {@code startRevision} in the range that passes {@code match}
     * (what Election and Lock use to wait for a key's deletion: {@code match = e -> e.getType() ==
     * DELETE}). The watch ends as soon as the future completes, including when the caller cancels
     * it. Fails with {@link dev.cairn.storage.mvcc.CompactedException} or {@link
     * HubStoppedException}.
     */
    public CompletableFuture<Event> watchOnce(
            ByteString key, ByteString rangeEnd, long startRevision, Predicate<Event> match) {
        CompletableFuture<Event> result = new CompletableFuture<>();
        Subscription sub = watch(key, rangeEnd, startRevision, new EventListener() {
            @Override
            public void onEvents(long revision, List<Event> events) {
                events.stream().filter(match).findFirst().ifPresent(result::complete);
            }

            @Override
            public void onEnd(Throwable cause) {
                result.completeExceptionally(cause);
            }
        });
        var unused = result.whenComplete((e, t) -> sub.cancel());
        return result;
    }

    /**
     * Stops the hub: every stream ends with {@link HubStoppedException} (the rpc layer sends
     * etcd's UNAVAILABLE "etcdserver: server stopped"), in-process watches end the same way, and
     * later requests and commits are ignored. Idempotent; does not wait.
     */
    @Override
    public void close() {
        post(core::stop);
        executor.shutdown();
    }

    /** Runs {@code task} on the hub thread; dropped once the hub is closed. */
    void post(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("watch hub task failed", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            // the hub is closed; nothing is left to do
        }
    }

    /**
     * True if no task waits behind the running one and no commit waits for the hub; for tests that
     * wait for the hub to settle.
     */
    boolean queueEmpty() {
        return executor.getQueue().isEmpty() && inbox.isEmpty();
    }

    /** A running in-process watch. */
    @FunctionalInterface
    public interface Subscription {
        /** Stops the watch; no listener call follows once the hub processed it. Idempotent. */
        void cancel();
    }
}
