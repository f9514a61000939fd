package dev.cairn.server.replication;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.cairn.proto.etcdserverpb.CompactionResponse;
import dev.cairn.proto.etcdserverpb.LeaseCheckpointResponse;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.storage.mvcc.MvccStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies committed entries to this member's state, one at a time, in index order: KV writes and
 * lease changes as one store write body each (the index recorded in the same batch), compactions
 * as store compactions. The same code runs on every member, so every member builds the same
 * state and the same response; the response (or the domain exception) goes to the waiter of the
 * request's ID, which exists only on the member that proposed it.
 *
 * <p>An apply only submits the entry to the store, whose single writer runs bodies in submission
 * order: {@link #apply} returns at once, and the entries' effects happen strictly in the order
 * they were applied. The returned future completes once the entry is durable.
 *
 * <p>Threads: {@link #apply} is owned by one apply thread (the raft driver, or {@link
 * LocalProposer} under its lock), which must call it with strictly increasing indexes. Bodies run
 * on the store's writer thread; futures and waiters complete on the store's completer thread.
 * {@link #appliedIndex} may be read from any thread.
 */
public final class EntryApplier {
    private final IndexedStore store;
    private final KvStateMachine kv;
    private final LeaseStateMachine leases;
    private final ClusterStateMachine cluster;
    private final Waiters waiters;
    private final AtomicLong appliedIndex;
    private long lastSubmitted; // owned by the apply thread

    /** An applier without membership ({@link ClusterStateMachine#NONE}): a single member. */
    public EntryApplier(MvccStore store, KvStateMachine kv, LeaseStateMachine leases, Waiters waiters) {
        this(store, kv, leases, ClusterStateMachine.NONE, waiters);
    }

    public EntryApplier(
            MvccStore store,
            KvStateMachine kv,
            LeaseStateMachine leases,
            ClusterStateMachine cluster,
            Waiters waiters) {
        this.store = new IndexedStore(store);
        this.kv = kv;
        this.leases = leases;
        this.cluster = cluster;
        this.waiters = waiters;
        this.lastSubmitted = this.store.appliedIndex();
        this.appliedIndex = new AtomicLong(lastSubmitted);
    }

    /**
     * The highest index whose apply finished (durable, or failed by a domain rule); the store's
     * recorded index at start.
     */
    public long appliedIndex() {
        return appliedIndex.get();
    }

    /**
     * Records that every entry up to {@code index} is applied although this applier never saw them
     * because they change no state here (a single member's bootstrap entry). Persisted with the
     * next applied entry. Call on the apply thread.
     *
     * @throws IllegalArgumentException if {@code index} is not above the last applied one
     */
    public void markApplied(long index) {
        if (index <= lastSubmitted) {
            throw new IllegalArgumentException("entry " + index + " applied after entry " + lastSubmitted);
        }
        lastSubmitted = index;
        appliedIndex.accumulateAndGet(index, Math::max);
    }

    /**
     * Applies an entry that is not a {@link ReplicatedRequest} (a conf change: its member records)
     * as one store write body at {@code index}, in order with every other entry. Completes once
     * durable; fails with what {@code body} threw (the entry still counts as applied).
     *
     * @throws IllegalArgumentException if {@code index} is not above the last applied one
     */
    public <T> CompletableFuture<T> applyWrite(long index, MvccStore.WriteBody<T> body) {
        if (index <= lastSubmitted) {
            throw new IllegalArgumentException("entry " + index + " applied after entry " + lastSubmitted);
        }
        lastSubmitted = index;
        return store.write(index, body)
                .whenComplete((result, failure) -> appliedIndex.accumulateAndGet(index, Math::max));
    }

    /**
     * Applies the data of a NORMAL raft entry: a serialized {@link ReplicatedRequest}, or empty
     * (the entry a new leader appends), which changes nothing but the applied index.
     *
     * @throws IllegalStateException if the data is not a request (a corrupt log: fatal)
     */
    public CompletableFuture<Applied> apply(long index, ByteString data) {
        ReplicatedRequest request;
        try {
            request = ReplicatedRequest.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("entry " + index + " is not a replicated request", e);
        }
        return apply(index, request);
    }

    /**
     * Applies one committed request at {@code index}.
     *
     * @return completes with the result once durable; fails with the domain exception the request
     *     broke (the entry still counts as applied) or the store's failure
     * @throws IllegalArgumentException if {@code index} is not above the last applied one
     */
    public CompletableFuture<Applied> apply(long index, ReplicatedRequest request) {
        if (index <= lastSubmitted) {
            throw new IllegalArgumentException("entry " + index + " applied after entry " + lastSubmitted);
        }
        lastSubmitted = index;
        CompletableFuture<Applied> result = submit(index, request);
        long id = request.getId();
        return result.whenComplete((applied, failure) -> {
            appliedIndex.accumulateAndGet(index, Math::max);
            if (failure == null) {
                waiters.complete(id, applied);
            } else {
                waiters.fail(id, unwrap(failure));
            }
        });
    }

    private CompletableFuture<Applied> submit(long index, ReplicatedRequest r) {
        return switch (r.getBodyCase()) {
            case PUT -> write(index, txn -> kv.put(txn, r.getPut()));
            case DELETE_RANGE -> write(index, txn -> kv.deleteRange(txn, r.getDeleteRange()));
            case TXN -> write(index, txn -> kv.txn(txn, r.getTxn()));
            case COMPACTION ->
                store.compact(r.getCompaction().getRevision(), index)
                        .thenApply(c -> new Applied(index, CompactionResponse.getDefaultInstance(), c.physicalDone()));
            case LEASE_GRANT -> write(index, txn -> leases.grant(txn, r.getLeaseGrant()));
            case LEASE_REVOKE -> write(index, txn -> leases.revoke(txn, r.getLeaseRevoke()));
            case LEASE_CHECKPOINT -> write(index, txn -> leases.checkpoint(txn, r.getLeaseCheckpoint()));
            case MEMBER_ATTRIBUTES ->
                write(index, txn -> {
                    cluster.publish(txn, r.getMemberAttributes());
                    return r.getMemberAttributes();
                });
            case BODY_NOT_SET -> write(index, txn -> LeaseCheckpointResponse.getDefaultInstance());
        };
    }

    private CompletableFuture<Applied> write(long index, MvccStore.WriteBody<? extends Message> body) {
        return store.write(index, body).thenApply(response -> Applied.of(index, response));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
