package dev.cairn.server.election;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.mvccpb.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Waits until no key under a prefix has a create_revision at or below a bound (etcd's wait for the
 * keys ahead in the queue): find the newest such key, wait for its deletion, look again, until
 * none is left. Subscribes to the change feed before the first look, so no deletion between a
 * look and the wait is missed.
 *
 * <p>Owned by the election thread: {@link #start} and {@link #stop} are called there, and {@link
 * #done()} completes there.
 */
final class DeletionWait {
    private final KeyQueues queues;
    private final ByteString prefix;
    private final long maxCreateRevision;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private KeyQueues.@Nullable Subscription subscription;
    private @Nullable ByteString awaited;
    private long lookedAt;

    private DeletionWait(KeyQueues queues, ByteString prefix, long maxCreateRevision) {
        this.queues = queues;
        this.prefix = prefix;
        this.maxCreateRevision = maxCreateRevision;
    }

    /** Starts waiting; on the election thread. */
    static DeletionWait start(KeyQueues queues, ByteString prefix, long maxCreateRevision) {
        DeletionWait w = new DeletionWait(queues, prefix, maxCreateRevision);
        w.subscription = queues.subscribe(prefix, w::onCommit);
        w.look();
        return w;
    }

    /**
     * Completes with the revision of the look that found no key left, or fails with what the look
     * failed with.
     */
    CompletableFuture<Long> done() {
        return done;
    }

    /** Stops waiting without completing {@link #done()}. Idempotent. */
    void stop() {
        KeyQueues.Subscription s = subscription;
        if (s != null) {
            queues.unsubscribe(s);
            subscription = null;
        }
    }

    private void look() {
        RangeResponse r;
        try {
            r = queues.rangeNow(QueueKeys.lastBefore(prefix, maxCreateRevision));
        } catch (RuntimeException e) {
            stop();
            done.completeExceptionally(e);
            return;
        }
        lookedAt = r.getHeader().getRevision();
        if (r.getKvsCount() == 0) {
            stop();
            done.complete(lookedAt);
            return;
        }
        awaited = r.getKvs(0).getKey();
    }

    private void onCommit(long revision, List<Event> events) {
        if (subscription == null || revision <= lookedAt) {
            return;
        }
        for (Event e : events) {
            if (e.getType() == Event.EventType.DELETE && e.getKv().getKey().equals(awaited)) {
                look();
                return;
            }
        }
    }
}
