package dev.cairn.server.lease;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.LeaseCheckpoint;
import dev.cairn.proto.etcdserverpb.LeaseCheckpointRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import dev.cairn.server.replication.Applied;
import dev.cairn.server.replication.LeaderInfo;
import dev.cairn.server.replication.Proposer;
import dev.cairn.storage.mvcc.LeaseRecord;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's lessor as clients and the {@link LeaseDriver} see it: every change to the lease set
 * (grant, revoke, expiry revoke, checkpoint) is proposed through the {@link Proposer} and applied
 * on every member by {@link LeaseMachine}; reads (exists, time-to-live, the lease list) answer from
 * this member's {@link LeaseMachine}. As in etcd, the proposer decides what must be the same
 * everywhere before proposing: the ID of a grant that asked for 0 and the TTL raised to the
 * minimum.
 *
 * <p>Keep-alives renew the leader's expiry instants only (not replicated, as in etcd), so they are
 * served only while {@link LeaderInfo#isLeader()}; elsewhere {@link #renew} throws {@link
 * LeaseException.NotPrimary} (the raft layer forwards keep-alives to the leader). Expiry and
 * checkpoints are decided on the leader only ({@link LeaseDriver} asks {@link #isLeader}). When
 * leadership changes, the raft driver calls {@link #promote} or {@link #demote}.
 *
 * <p>Thread-safe: any thread may call. The ID source is guarded by its own lock; the lease set by
 * the machine's.
 */
public final class Lessor {
    private static final Logger log = LoggerFactory.getLogger(Lessor.class);

    private final MvccStore store;
    private final LeaseMachine machine;
    private final Proposer proposer;
    private final LeaderInfo leader;

    @GuardedBy("this")
    private final LeaseIds ids;

    /**
     * Held while deciding and proposing a checkpoint batch, and while renewing and proposing a
     * renewal's clear: so a clear for a lease with a checkpoint in flight is proposed after that
     * checkpoint, and applied after it. Never held across a wait for a future.
     */
    private final Object checkpointOrder = new Object();

    /**
     * @param store the store {@code machine} applies to (read for time-to-live keys and revisions)
     * @param machine this member's lease set, applied to by this member's entry applier
     * @param proposer proposes this lessor's changes
     * @param leader whether this member leads now
     * @param ids source of server-chosen lease IDs; used under this lessor's lock only
     */
    public Lessor(MvccStore store, LeaseMachine machine, Proposer proposer, LeaderInfo leader, LeaseIds ids) {
        this.store = store;
        this.machine = machine;
        this.proposer = proposer;
        this.leader = leader;
        this.ids = ids;
    }

    public LeaseConfig config() {
        return machine.config();
    }

    /**
     * Grants a lease (etcd's LeaseGrant). {@code id} 0 lets the server pick the next unused
     * positive ID. A TTL below the minimum is raised to it. Completes once the grant is applied
     * here.
     *
     * @return a future failing with {@link LeaseException.TtlTooLarge} or {@link
     *     LeaseException.AlreadyExists}
     */
    public CompletableFuture<Granted> grant(long id, long ttl) {
        if (ttl > LeaseConfig.MAX_TTL_SECONDS) {
            return CompletableFuture.failedFuture(new LeaseException.TtlTooLarge(ttl));
        }
        long granted = Math.max(ttl, machine.config().minTtlSeconds());
        long chosen = id != 0 ? id : freshId();
        LeaseGrantRequest request =
                LeaseGrantRequest.newBuilder().setID(chosen).setTTL(granted).build();
        return proposer.propose(
                        ReplicatedRequest.newBuilder().setLeaseGrant(request).build())
                .thenApply(applied -> {
                    LeaseGrantResponse r = applied.response(LeaseGrantResponse.class);
                    return new Granted(r.getID(), r.getTTL(), r.getHeader().getRevision());
                });
    }

    /**
     * Revokes a lease (etcd's LeaseRevoke): deletes every attached key and the lease in one write
     * transaction, so all keys go at one revision with DELETE events.
     *
     * @return a future with the store's revision afterwards, failing with {@link
     *     LeaseException.NotFound} for an unknown lease
     */
    public CompletableFuture<Long> revoke(long id) {
        return proposer.propose(revokeRequest(id))
                .thenApply(applied ->
                        applied.response(LeaseRevokeResponse.class).getHeader().getRevision());
    }

    /**
     * Renews a lease to its full TTL from now (etcd's keep-alive), on the leader only. If the
     * lease has a persisted checkpoint (or one on the way), proposes clearing it, as etcd 3.6
     * does, so a stale, shorter remaining TTL cannot cut the renewed lease short after a restart
     * or a leader change.
     *
     * @return the granted TTL, or 0 if the lease is unknown or already expired (its revoke is on
     *     the way), as etcd answers keep-alives
     * @throws LeaseException.NotPrimary if this member does not lead
     */
    public long renew(long id) {
        if (!leader.isLeader()) {
            throw new LeaseException.NotPrimary();
        }
        LeaseMachine.Renewal renewal;
        CompletableFuture<Applied> clear = null;
        synchronized (checkpointOrder) {
            renewal = machine.renew(id);
            if (renewal.clearCheckpoint()) {
                clear = propose(List.of(LeaseCheckpoint.newBuilder().setID(id).build()));
            }
        }
        if (clear != null) {
            var unused = clear.whenComplete((applied, failure) -> {
                if (failure != null) {
                    log.warn("could not clear the checkpoint of renewed lease {}", id, failure);
                }
            });
        }
        return renewal.ttl();
    }

    /** Whether the lease exists here (granted and not yet revoked, even if expired). */
    public boolean exists(long id) {
        return machine.exists(id);
    }

    /** The granted TTL of a live lease, if it exists. */
    public Optional<Long> grantedTtl(long id) {
        return machine.grantedTtl(id);
    }

    /**
     * The lease's remaining and granted TTL (etcd's LeaseTimeToLive), with its attached keys when
     * {@code withKeys}; empty for an unknown lease. Local state: the remaining TTL is this
     * member's view of the expiry.
     */
    public Optional<TimeToLive> timeToLive(long id, boolean withKeys) {
        Optional<LeaseMachine.Remaining> remaining = machine.remaining(id);
        if (remaining.isEmpty()) {
            return Optional.empty();
        }
        try (ReadView view = store.read()) {
            List<ByteString> keys = withKeys ? view.leaseKeys(id) : List.of();
            return Optional.of(new TimeToLive(
                    id, remaining.get().seconds(), remaining.get().ttl(), keys, view.currentRevision()));
        }
    }

    /** Every lease ID, earliest expiry first (the order etcd's LeaseLeases reports). */
    public List<Long> leases() {
        return machine.idsByExpiry();
    }

    /** Whether this member leads, so expires leases and serves keep-alives. */
    public boolean isLeader() {
        return leader.isLeader();
    }

    /**
     * This member became leader: see {@link LeaseMachine#promote} (leases resume from their
     * checkpointed remaining TTL, or full TTL, plus one election timeout). Called by the raft
     * driver on the transition, before the driver's next lease tick.
     */
    public void promote() {
        machine.promote();
    }

    /** This member stopped leading: see {@link LeaseMachine#demote}. Called by the raft driver. */
    public void demote() {
        machine.demote();
    }

    /** Up to {@code max} expired leases, marked as being revoked; for {@link LeaseDriver}. */
    List<Long> takeExpired(int max) {
        return machine.takeExpired(max);
    }

    /**
     * Proposes the revoke of a lease that {@link #takeExpired} handed out. Completes normally if
     * the lease was revoked meanwhile (with -1); on any other failure the lease is handed out
     * again by a later tick.
     */
    CompletableFuture<Long> revokeExpired(long id) {
        return revoke(id).handle((revision, failure) -> {
            if (failure == null) {
                return revision;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (!(cause instanceof LeaseException.NotFound)) {
                machine.clearRevoking(id);
                throw new IllegalStateException("cannot revoke expired lease " + id, cause);
            }
            return -1L;
        });
    }

    /**
     * The checkpoints due now: every live lease that has run down since its last renewal and
     * whose remaining TTL (whole seconds, rounded up) differs from the one persisted.
     */
    List<Checkpoint> planCheckpoints() {
        return machine.planCheckpoints();
    }

    /**
     * Proposes one batch of checkpoints, leaving out leases renewed or revoked since they were
     * planned.
     *
     * @return the number of checkpoints proposed, once they are applied
     */
    CompletableFuture<Integer> checkpoint(List<Checkpoint> batch) {
        List<Checkpoint> claimed;
        CompletableFuture<Applied> proposed;
        synchronized (checkpointOrder) {
            claimed = machine.claimCheckpoints(batch);
            if (claimed.isEmpty()) {
                return CompletableFuture.completedFuture(0);
            }
            proposed = propose(claimed.stream()
                    .map(c -> LeaseCheckpoint.newBuilder()
                            .setID(c.record().id())
                            .setRemainingTTL(c.record().remainingTtl())
                            .build())
                    .toList());
        }
        return proposed.whenComplete((applied, failure) -> machine.releaseCheckpoints(claimed))
                .thenApply(applied -> claimed.size());
    }

    /** A planned checkpoint: the record to write, valid while the lease's expiry is unchanged. */
    record Checkpoint(LeaseRecord record, long expiryNanos) {}

    private CompletableFuture<Applied> propose(List<LeaseCheckpoint> checkpoints) {
        return proposer.propose(ReplicatedRequest.newBuilder()
                .setLeaseCheckpoint(LeaseCheckpointRequest.newBuilder().addAllCheckpoints(checkpoints))
                .build());
    }

    private static ReplicatedRequest revokeRequest(long id) {
        return ReplicatedRequest.newBuilder()
                .setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(id))
                .build();
    }

    private synchronized long freshId() {
        long id;
        do {
            id = ids.next();
        } while (id == 0 || machine.exists(id));
        return id;
    }
}
