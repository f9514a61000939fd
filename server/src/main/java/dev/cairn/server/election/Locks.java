package dev.cairn.server.election;

import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.v3lockpb.LockRequest;
import dev.cairn.proto.v3lockpb.LockResponse;
import dev.cairn.proto.v3lockpb.UnlockRequest;
import dev.cairn.proto.v3lockpb.UnlockResponse;
import java.util.concurrent.CompletableFuture;

/**
 * etcd's v3lock requests: a lock {@code name} is the queue of keys under {@code <name>/}; the key
 * with the oldest create_revision holds it. Methods never throw: failures come back as failed
 * futures. Response headers carry only the revision; the caller adds the cluster-level fields.
 *
 * <p>Thread-safe: any thread may call. Futures complete on the store's completer thread or on the
 * election thread.
 */
public final class Locks {
    private final KeyQueues queues;

    public Locks(KeyQueues queues) {
        this.queues = queues;
    }

    /**
     * Completes once the lease's key {@code <name>/<lease hex>} holds the lock; with a lease that
     * already holds it, at once with the same key. Cancel the future to give up: the key is then
     * deleted.
     */
    public CompletableFuture<LockResponse> lock(LockRequest request) {
        return LockAcquire.start(queues, request);
    }

    /** Deletes the lock key. */
    public CompletableFuture<UnlockResponse> unlock(UnlockRequest request) {
        return queues.kv()
                .deleteRange(
                        DeleteRangeRequest.newBuilder().setKey(request.getKey()).build())
                .thenApply(d ->
                        UnlockResponse.newBuilder().setHeader(d.getHeader()).build());
    }
}
