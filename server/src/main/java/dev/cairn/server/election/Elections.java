package dev.cairn.server.election;

import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.v3electionpb.CampaignRequest;
import dev.cairn.proto.v3electionpb.CampaignResponse;
import dev.cairn.proto.v3electionpb.LeaderKey;
import dev.cairn.proto.v3electionpb.LeaderRequest;
import dev.cairn.proto.v3electionpb.LeaderResponse;
import dev.cairn.proto.v3electionpb.ProclaimRequest;
import dev.cairn.proto.v3electionpb.ProclaimResponse;
import dev.cairn.proto.v3electionpb.ResignRequest;
import dev.cairn.proto.v3electionpb.ResignResponse;
import java.util.concurrent.CompletableFuture;

/**
 * etcd's v3election requests. An election {@code name} is the queue of keys under {@code
 * <name>/}; its leader is the key with the oldest create_revision. Methods never throw: failures
 * come back as failed futures holding an {@link ElectionException} or the underlying KV error.
 * Response headers carry only the revision; the caller adds the cluster-level fields.
 *
 * <p>Thread-safe: any thread may call. Futures complete on the store's completer thread (plain
 * KV answers) or on the election thread (Campaign).
 */
public final class Elections {
    private final KeyQueues queues;

    public Elections(KeyQueues queues) {
        this.queues = queues;
    }

    /**
     * Joins the election and completes once this campaign leads. Cancel the future to give up:
     * the campaign's key is then deleted (resigned).
     */
    public CompletableFuture<CampaignResponse> campaign(CampaignRequest request) {
        return Campaign.start(queues, request);
    }

    /**
     * Sets a new value on the leader key, if it is still the same key (same create_revision). The
     * Put attaches the leader's lease; a leader with lease 0 gets a fresh session lease, as etcd.
     */
    public CompletableFuture<ProclaimResponse> proclaim(ProclaimRequest request) {
        if (!request.hasLeader()) {
            return CompletableFuture.failedFuture(new ElectionException.MissingLeader());
        }
        LeaderKey leader = request.getLeader();
        return queues.sessionLease(leader.getLease()).thenCompose(lease -> {
            TxnRequest put = TxnRequest.newBuilder()
                    .addCompare(QueueKeys.createdAt(leader.getKey(), leader.getRev()))
                    .addSuccess(QueueKeys.putOp(leader.getKey(), request.getValue(), lease))
                    .build();
            return queues.kv().txn(put).thenApply(txn -> {
                if (!txn.getSucceeded()) {
                    throw new ElectionException.NotLeader();
                }
                return ProclaimResponse.newBuilder().setHeader(txn.getHeader()).build();
            });
        });
    }

    /** The current leader's key-value. */
    public CompletableFuture<LeaderResponse> leader(LeaderRequest request) {
        return queues.kv()
                .range(QueueKeys.head(QueueKeys.prefix(request.getName())))
                .thenApply(range -> {
                    if (range.getKvsCount() == 0) {
                        throw new ElectionException.NoLeader();
                    }
                    return LeaderResponse.newBuilder()
                            .setHeader(range.getHeader())
                            .setKv(range.getKvs(0))
                            .build();
                });
    }

    /** Streams the leader and its changes to {@code sink} until the observation is cancelled. */
    public Observation observe(LeaderRequest request, LeaderSink sink) {
        return Observation.start(queues, request.getName(), sink);
    }

    /** Deletes the leader key if it is still the same key; not being leader is no error. */
    public CompletableFuture<ResignResponse> resign(ResignRequest request) {
        if (!request.hasLeader()) {
            return CompletableFuture.failedFuture(new ElectionException.MissingLeader());
        }
        LeaderKey leader = request.getLeader();
        TxnRequest delete = TxnRequest.newBuilder()
                .addCompare(QueueKeys.createdAt(leader.getKey(), leader.getRev()))
                .addSuccess(QueueKeys.deleteOp(leader.getKey()))
                .build();
        return queues.kv()
                .txn(delete)
                .thenApply(txn ->
                        ResignResponse.newBuilder().setHeader(txn.getHeader()).build());
    }
}
