package dev.cairn.server.election;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.mvccpb.Event;
import dev.cairn.server.kv.KvApplier;
import dev.cairn.storage.mvcc.CommitListener;
import dev.cairn.storage.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What elections and locks share over one store: the {@link KvApplier}, the serial {@code
 * cairn-election} thread on which every waiting request runs, and the fan-out of the store's change
 * feed to the prefixes being waited on.
 *
 * <p>Thread-safe to construct and share. The thread is started on demand and ends after {@link
 * #IDLE_SECONDS} without work, so a KeyQueues needs no closing. The store's completer thread only
 * enqueues commits (it never waits); subscriptions are added, removed and called on the election
 * thread only, in revision order.
 */
public final class KeyQueues {
    private static final Logger LOG = LoggerFactory.getLogger(KeyQueues.class);

    /** How long the election thread lingers without work before it ends. */
    static final long IDLE_SECONDS = 10;

    private final KvApplier kv;
    private final SessionLeases sessionLeases;
    private final Executor thread;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    /**
     * Registers on {@code store}'s change feed; {@code kv} must serve the same store, and {@code
     * sessionLeases} grant into the leases {@code kv} checks Puts against.
     */
    public KeyQueues(KvApplier kv, MvccStore store, SessionLeases sessionLeases) {
        this.kv = kv;
        this.sessionLeases = sessionLeases;
        this.thread = new ThreadPoolExecutor(
                0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), KeyQueues::newThread);
        store.addCommitListener(new Feed());
    }

    /** A change-feed subscription to one key prefix; used on the election thread only. */
    static final class Subscription {
        private final ByteString prefix;
        private final BiConsumer<Long, List<Event>> handler;

        private Subscription(ByteString prefix, BiConsumer<Long, List<Event>> handler) {
            this.prefix = prefix;
            this.handler = handler;
        }
    }

    KvApplier kv() {
        return kv;
    }

    /**
     * The lease a request runs with: {@code lease} itself, or for 0 a freshly granted session
     * lease (as etcd's server-side session).
     */
    CompletableFuture<Long> sessionLease(long lease) {
        if (lease != 0) {
            return CompletableFuture.completedFuture(lease);
        }
        try {
            return sessionLeases.grant(SessionLeases.TTL_SECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The serial election thread. */
    Executor thread() {
        return thread;
    }

    /**
     * On the election thread: from now on, {@code handler} gets every committed transaction with
     * events under {@code prefix} (only those events), on the election thread, in revision order.
     * Commits at or below the revision of a read made after subscribing may arrive too; callers
     * skip them by revision.
     */
    Subscription subscribe(ByteString prefix, BiConsumer<Long, List<Event>> handler) {
        Subscription s = new Subscription(prefix, handler);
        subscriptions.add(s);
        return s;
    }

    /** On the election thread: no more calls to the subscription's handler. */
    void unsubscribe(Subscription s) {
        subscriptions.remove(s);
    }

    /**
     * A Range that the applier serves on the calling thread, so its answer is known before any
     * later commit is dispatched on the election thread. It reads this member's applied state
     * (serializable, no ReadIndex round): that is the state the commit feed continues from, and
     * every later change reaches the subscription anyway.
     */
    RangeResponse rangeNow(RangeRequest request) {
        CompletableFuture<RangeResponse> answer =
                kv.range(request.toBuilder().setSerializable(true).build());
        if (!answer.isDone()) {
            throw new IllegalStateException("the applier answered a read asynchronously");
        }
        return answer.join();
    }

    private void dispatch(long revision, List<Event> events) {
        for (Subscription s : subscriptions) {
            List<Event> matching = new ArrayList<>();
            for (Event e : events) {
                if (e.getKv().getKey().startsWith(s.prefix)) {
                    matching.add(e);
                }
            }
            if (matching.isEmpty() || !subscriptions.contains(s)) {
                continue;
            }
            try {
                s.handler.accept(revision, List.copyOf(matching));
            } catch (RuntimeException e) {
                LOG.error("election handler failed at revision {}", revision, e);
            }
        }
    }

    private static Thread newThread(Runnable r) {
        Thread t = new Thread(r, "cairn-election");
        t.setDaemon(true);
        return t;
    }

    /** The store's side: called on its completer thread; only enqueues. */
    private final class Feed implements CommitListener {
        @Override
        public void committed(long revision, List<Event> events) {
            if (!subscriptions.isEmpty()) {
                thread.execute(() -> dispatch(revision, events));
            }
        }
    }
}
