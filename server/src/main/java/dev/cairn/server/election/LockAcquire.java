package dev.cairn.server.election;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.proto.v3lockpb.LockRequest;
import dev.cairn.proto.v3lockpb.LockResponse;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lock: in one Txn, create the queue key {@code <name>/<lease hex>} (empty value, with the
 * lease; a fresh session lease for lease 0, as etcd) unless it exists, and read the queue head. If the head is this key, the lock is held (the
 * Txn's header); otherwise wait until every older key is deleted, then check the own key still
 * exists (its lease may have expired meanwhile) and answer with that read's header.
 *
 * <p>Cancelling {@link #result}, or a failure while waiting, deletes the key (etcd's Unlock).
 *
 * <p>Owned by the election thread: every step after {@link #start} runs there.
 */
final class LockAcquire {
    private static final Logger LOG = LoggerFactory.getLogger(LockAcquire.class);

    private final KeyQueues queues;
    private final LockRequest request;
    private final CompletableFuture<LockResponse> result = new CompletableFuture<>();
    private ByteString key = ByteString.EMPTY; // set once the lease is known
    private long rev; // the key's create_revision; 0 until the Txn answered
    private @Nullable DeletionWait wait;
    private boolean released;

    private LockAcquire(KeyQueues queues, LockRequest request) {
        this.queues = queues;
        this.request = request;
    }

    /** Starts acquiring from any thread; cancel the result to give up. */
    static CompletableFuture<LockResponse> start(KeyQueues queues, LockRequest request) {
        LockAcquire l = new LockAcquire(queues, request);
        var unused = l.result.whenCompleteAsync(
                (r, failure) -> {
                    if (failure instanceof CancellationException) {
                        l.cancelled();
                    }
                },
                queues.thread());
        var unused2 = queues.sessionLease(request.getLease()).whenCompleteAsync(l::enqueue, queues.thread());
        return l.result;
    }

    private void enqueue(@Nullable Long lease, @Nullable Throwable failure) {
        if (lease == null) {
            result.completeExceptionally(failure != null ? failure : new IllegalStateException("no lease"));
            return;
        }
        if (result.isDone()) {
            return; // cancelled before anything was written
        }
        key = QueueKeys.key(request.getName(), lease);
        var head = QueueKeys.rangeOp(QueueKeys.head(QueueKeys.prefix(request.getName())));
        TxnRequest enqueue = TxnRequest.newBuilder()
                .addCompare(QueueKeys.createdAt(key, 0))
                .addSuccess(QueueKeys.putOp(key, ByteString.EMPTY, lease))
                .addSuccess(head)
                .addFailure(QueueKeys.rangeOp(QueueKeys.get(key)))
                .addFailure(head)
                .build();
        var unused = queues.kv().txn(enqueue).whenCompleteAsync(this::enqueued, queues.thread());
    }

    private void enqueued(@Nullable TxnResponse txn, @Nullable Throwable failure) {
        if (txn == null) {
            result.completeExceptionally(failure != null ? failure : new IllegalStateException("no txn answer"));
            return;
        }
        rev = txn.getSucceeded()
                ? txn.getHeader().getRevision()
                : txn.getResponses(0).getResponseRange().getKvs(0).getCreateRevision();
        if (result.isDone()) {
            release();
            return;
        }
        List<KeyValue> head = txn.getResponses(1).getResponseRange().getKvsList();
        if (head.isEmpty() || head.get(0).getCreateRevision() == rev) {
            result.complete(response(txn.getHeader()));
            return;
        }
        DeletionWait w = DeletionWait.start(queues, QueueKeys.prefix(request.getName()), rev - 1);
        wait = w;
        var unused = w.done().whenComplete((revision, waitFailure) -> {
            if (waitFailure != null) {
                release();
                result.completeExceptionally(waitFailure);
            } else {
                confirm();
            }
        });
    }

    /** After the wait: the own key must still be there. */
    private void confirm() {
        RangeResponse own;
        try {
            own = queues.rangeNow(QueueKeys.get(key));
        } catch (RuntimeException e) {
            release();
            result.completeExceptionally(e);
            return;
        }
        if (own.getKvsCount() == 0) {
            result.completeExceptionally(new ElectionException.SessionExpired());
            return;
        }
        result.complete(response(own.getHeader()));
    }

    private LockResponse response(ResponseHeader header) {
        return LockResponse.newBuilder().setHeader(header).setKey(key).build();
    }

    private void cancelled() {
        DeletionWait w = wait;
        if (w != null) {
            w.stop();
        }
        if (rev != 0) {
            release();
        } // else the Txn has not answered yet: enqueued() sees the cancelled result and releases
    }

    /** Deletes the key, whoever holds it (as etcd's Unlock on a failed Lock); once. */
    private void release() {
        if (released || rev == 0) {
            return;
        }
        released = true;
        DeleteRangeRequest delete = DeleteRangeRequest.newBuilder().setKey(key).build();
        var unused = queues.kv().deleteRange(delete).whenComplete((r, failure) -> {
            if (failure != null) {
                LOG.warn("could not delete abandoned lock key {}", key.toStringUtf8(), failure);
            }
        });
    }
}
