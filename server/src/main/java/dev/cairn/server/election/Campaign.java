package dev.cairn.server.election;

import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.proto.v3electionpb.CampaignRequest;
import dev.cairn.proto.v3electionpb.CampaignResponse;
import dev.cairn.proto.v3electionpb.LeaderKey;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Campaign: create the queue key {@code <name>/<lease hex>} with the value and lease (a fresh
 * session lease for lease 0, as etcd) unless it exists (then proclaim the new value if it differs), then wait until every older key of the
 * election is deleted. The response header is the creating Txn's, as etcd's.
 *
 * <p>Cancelling {@link #result} (the client went away) stops the wait and resigns: the key is
 * deleted if it still has the create_revision this campaign saw.
 *
 * <p>Owned by the election thread: every step after {@link #start} runs there.
 */
final class Campaign {
    private static final Logger LOG = LoggerFactory.getLogger(Campaign.class);

    private final KeyQueues queues;
    private final CampaignRequest request;
    private final CompletableFuture<CampaignResponse> result = new CompletableFuture<>();
    private long lease; // the request's lease, or the session lease granted for 0
    private ByteString key = ByteString.EMPTY; // set once the lease is known
    private @Nullable ResponseHeader header;
    private long rev; // the key's create_revision; 0 until the Txn answered
    private @Nullable DeletionWait wait;
    private boolean resigned;

    private Campaign(KeyQueues queues, CampaignRequest request) {
        this.queues = queues;
        this.request = request;
    }

    /** Starts the campaign from any thread; cancel the result to give up. */
    static CompletableFuture<CampaignResponse> start(KeyQueues queues, CampaignRequest request) {
        Campaign c = new Campaign(queues, request);
        var unused = c.result.whenCompleteAsync(
                (r, failure) -> {
                    if (failure instanceof CancellationException) {
                        c.cancelled();
                    }
                },
                queues.thread());
        var unused2 = queues.sessionLease(request.getLease()).whenCompleteAsync(c::create, queues.thread());
        return c.result;
    }

    private void create(@Nullable Long sessionLease, @Nullable Throwable failure) {
        if (sessionLease == null) {
            result.completeExceptionally(failure != null ? failure : new IllegalStateException("no lease"));
            return;
        }
        if (result.isDone()) {
            return; // cancelled before anything was written
        }
        lease = sessionLease;
        key = QueueKeys.key(request.getName(), lease);
        TxnRequest create = TxnRequest.newBuilder()
                .addCompare(QueueKeys.createdAt(key, 0))
                .addSuccess(QueueKeys.putOp(key, request.getValue(), lease))
                .addFailure(QueueKeys.rangeOp(QueueKeys.get(key)))
                .build();
        var unused = queues.kv().txn(create).whenCompleteAsync(this::created, queues.thread());
    }

    private void created(@Nullable TxnResponse txn, @Nullable Throwable failure) {
        if (txn == null) {
            result.completeExceptionally(failure != null ? failure : new IllegalStateException("no txn answer"));
            return;
        }
        header = txn.getHeader();
        if (txn.getSucceeded()) {
            rev = header.getRevision();
        } else {
            KeyValue existing = txn.getResponses(0).getResponseRange().getKvs(0);
            rev = existing.getCreateRevision();
            if (!result.isDone() && !existing.getValue().equals(request.getValue())) {
                proclaim();
                return;
            }
        }
        waitTurn();
    }

    /** Re-campaign with the same lease and a new value: update the value while still queued. */
    private void proclaim() {
        TxnRequest update = TxnRequest.newBuilder()
                .addCompare(QueueKeys.createdAt(key, rev))
                .addSuccess(QueueKeys.putOp(key, request.getValue(), lease))
                .build();
        var unused = queues.kv().txn(update).whenCompleteAsync(this::proclaimed, queues.thread());
    }

    private void proclaimed(@Nullable TxnResponse txn, @Nullable Throwable failure) {
        if (txn != null && txn.getSucceeded()) {
            waitTurn();
            return;
        }
        resign();
        result.completeExceptionally(failure != null ? failure : new ElectionException.NotLeader());
    }

    private void waitTurn() {
        if (result.isDone()) {
            resign();
            return;
        }
        DeletionWait w = DeletionWait.start(queues, QueueKeys.prefix(request.getName()), rev - 1);
        wait = w;
        var unused = w.done().whenComplete((revision, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(response());
            }
        });
    }

    private CampaignResponse response() {
        LeaderKey leader = LeaderKey.newBuilder()
                .setName(request.getName())
                .setKey(key)
                .setRev(rev)
                .setLease(lease)
                .build();
        CampaignResponse.Builder b = CampaignResponse.newBuilder().setLeader(leader);
        if (header != null) {
            b.setHeader(header);
        }
        return b.build();
    }

    private void cancelled() {
        DeletionWait w = wait;
        if (w != null) {
            w.stop();
        }
        if (rev != 0) {
            resign();
        } // else the Txn has not answered yet: created() sees the cancelled result and resigns
    }

    /** Deletes the key if it is still this campaign's; once. */
    private void resign() {
        if (resigned || rev == 0) {
            return;
        }
        resigned = true;
        TxnRequest delete = TxnRequest.newBuilder()
                .addCompare(QueueKeys.createdAt(key, rev))
                .addSuccess(QueueKeys.deleteOp(key))
                .build();
        var unused = queues.kv().txn(delete).whenComplete((txn, failure) -> {
            if (failure != null) {
                LOG.warn("could not resign abandoned campaign key {}", key.toStringUtf8(), failure);
            }
        });
    }
}
