package dev.cairn.server.lease;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import dev.cairn.proto.etcdserverpb.LeaseCheckpoint;
import dev.cairn.proto.etcdserverpb.LeaseCheckpointRequest;
import dev.cairn.proto.etcdserverpb.LeaseCheckpointResponse;
import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.server.replication.LeaseStateMachine;
import dev.cairn.server.time.Ticker;
import dev.cairn.storage.mvcc.LeaseRecord;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import dev.cairn.storage.mvcc.WriteTxn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This member's lease set (etcd's lessor state): the replicated part, changed only by applied
 * entries (grant, revoke, checkpoint: {@link LeaseStateMachine}), and the local timing part, the
 * expiry instant of each lease on an injected {@link Ticker}, which only the leader acts on.
 *
 * <p>Applies run inside store write bodies on the store's writer thread, in log order, and change
 * the table in the same body after their store changes: a Put that asks {@link #exists} from its
 * own body sees exactly the leases of the entries before it. What is written and answered depends
 * only on the entry and the replicated state (IDs, TTLs, persisted remaining TTLs), never on the
 * expiry instants, so every member applies the same way.
 *
 * <p>Thread-safe: the table is guarded by one lock, held only for in-memory work, never across a
 * store call or a future.
 */
public final class LeaseMachine implements LeaseStateMachine {
    private final LeaseConfig config;
    private final Ticker ticker;
    private final Object lock = new Object();

    @GuardedBy("lock")
    private final LeaseTable table = new LeaseTable();

    private LeaseMachine(LeaseConfig config, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
    }

    /**
     * The leases {@code store} has persisted, each expiring as {@link #promote} sets it (this
     * member is taken to lead until told otherwise, as a single member does).
     */
    public static LeaseMachine recover(MvccStore store, LeaseConfig config, Ticker ticker) {
        LeaseMachine machine = new LeaseMachine(config, ticker);
        List<LeaseRecord> records;
        try (ReadView view = store.read()) {
            records = view.leases();
        }
        synchronized (machine.lock) {
            for (LeaseRecord r : records) {
                machine.table.add(new LeaseTable.Entry(r.id(), r.ttl(), 0, r.remainingTtl()));
            }
        }
        machine.promote();
        return machine;
    }

    /**
     * A machine that starts with no leases without reading a store: only for stores known to hold
     * none (fresh test stores, stand-ins that cannot read).
     */
    public static LeaseMachine empty(LeaseConfig config, Ticker ticker) {
        return new LeaseMachine(config, ticker);
    }

    public LeaseConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ applies (writer thread)

    @Override
    public LeaseGrantResponse grant(WriteTxn txn, LeaseGrantRequest r) {
        long id = r.getID();
        long ttl = r.getTTL();
        synchronized (lock) {
            if (table.contains(id)) {
                throw new LeaseException.AlreadyExists(id);
            }
        }
        txn.putLease(new LeaseRecord(id, ttl, 0));
        synchronized (lock) {
            table.add(new LeaseTable.Entry(id, ttl, LeaseTable.deadline(ticker.nanos(), ttl, 0), 0));
        }
        return LeaseGrantResponse.newBuilder()
                .setHeader(header(txn.writeRevision() - 1))
                .setID(id)
                .setTTL(ttl)
                .build();
    }

    /** Deletes every attached key (one revision, key order) and the lease. */
    @Override
    public LeaseRevokeResponse revoke(WriteTxn txn, LeaseRevokeRequest r) {
        long id = r.getID();
        synchronized (lock) {
            if (!table.contains(id)) {
                throw new LeaseException.NotFound(id);
            }
        }
        boolean deleted = false;
        for (ByteString key : txn.leaseKeys(id)) {
            deleted |= !txn.deleteRange(key, ByteString.EMPTY).isEmpty();
        }
        txn.deleteLease(id);
        synchronized (lock) {
            table.remove(id);
        }
        long revision = deleted ? txn.writeRevision() : txn.writeRevision() - 1;
        return LeaseRevokeResponse.newBuilder().setHeader(header(revision)).build();
    }

    /**
     * Persists each checkpoint's remaining TTL (0 clears it) for leases that still exist and whose
     * persisted value differs. Expiry instants are not touched: the leader's are its own, and a
     * member that becomes leader starts from the persisted values ({@link #promote}).
     */
    @Override
    public LeaseCheckpointResponse checkpoint(WriteTxn txn, LeaseCheckpointRequest r) {
        for (LeaseCheckpoint c : r.getCheckpointsList()) {
            long ttl;
            synchronized (lock) {
                LeaseTable.Entry e = table.get(c.getID());
                if (e == null || e.persistedRemaining == c.getRemainingTTL()) {
                    continue;
                }
                ttl = e.ttl;
            }
            txn.putLease(new LeaseRecord(c.getID(), ttl, c.getRemainingTTL()));
            synchronized (lock) {
                LeaseTable.Entry e = table.get(c.getID());
                if (e != null) {
                    e.persistedRemaining = c.getRemainingTTL();
                }
            }
        }
        return LeaseCheckpointResponse.newBuilder()
                .setHeader(header(txn.writeRevision() - 1))
                .build();
    }

    // ------------------------------------------------------------------ leadership (local)

    /**
     * This member now leads (etcd's Promote): every lease expires after its persisted remaining
     * TTL, or its full TTL when none was checkpointed, plus {@link LeaseConfig#promoteExtension};
     * with at least as many leases as the revoke rate, piles that would expire in the same second
     * are spread to three quarters of the revoke rate per second. No lease is dropped, none
     * renewed beyond what was persisted.
     */
    public void promote() {
        long extra = config.promoteExtension().toNanos();
        synchronized (lock) {
            long now = ticker.nanos();
            for (LeaseTable.Entry e : table.entriesByExpiry()) {
                long remaining = e.persistedRemaining > 0 ? e.persistedRemaining : e.ttl;
                e.revoking = false;
                table.reschedule(e, LeaseTable.deadline(now, remaining, extra));
            }
            if (table.size() >= config.revokeRatePerSecond()) {
                table.spreadPileUps(Math.max(1, config.revokeRatePerSecond() * 3 / 4));
            }
        }
    }

    /**
     * This member no longer leads (etcd's Demote): expiry revokes it handed out and has not seen
     * applied are forgotten (the new leader expires leases now). Expiry instants are kept but no
     * longer acted on; {@link #promote} sets them afresh.
     */
    public void demote() {
        synchronized (lock) {
            for (LeaseTable.Entry e : table.entriesByExpiry()) {
                e.revoking = false;
            }
        }
    }

    // ------------------------------------------------------------------ reads and leader-local work

    /** Whether the lease exists (granted and not yet revoked, even if expired). */
    public boolean exists(long id) {
        synchronized (lock) {
            return table.contains(id);
        }
    }

    Optional<Long> grantedTtl(long id) {
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            return e == null ? Optional.empty() : Optional.of(e.ttl);
        }
    }

    /** Remaining whole seconds (truncated, never negative) and granted TTL, if the lease exists. */
    Optional<Remaining> remaining(long id) {
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            if (e == null) {
                return Optional.empty();
            }
            long seconds = Math.max(0, LeaseTable.truncSeconds(e.remainingNanos(ticker.nanos())));
            return Optional.of(new Remaining(seconds, e.ttl));
        }
    }

    /** A lease's remaining whole seconds on this member's clock and its granted TTL. */
    record Remaining(long seconds, long ttl) {}

    List<Long> idsByExpiry() {
        synchronized (lock) {
            return table.idsByExpiry();
        }
    }

    /** A renewal's outcome: the TTL to answer, and whether a persisted checkpoint must be cleared. */
    record Renewal(long ttl, boolean clearCheckpoint) {}

    /** Renews a live lease to its full TTL from now; TTL 0 for an unknown or expired lease. */
    Renewal renew(long id) {
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            long now = ticker.nanos();
            if (e == null || e.expiredAt(now)) {
                return new Renewal(0, false);
            }
            table.reschedule(e, LeaseTable.deadline(now, e.ttl, 0));
            return new Renewal(e.ttl, e.persistedRemaining > 0 || e.checkpointsInFlight > 0);
        }
    }

    List<Long> takeExpired(int max) {
        synchronized (lock) {
            return table.takeExpired(ticker.nanos(), max);
        }
    }

    void clearRevoking(long id) {
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            if (e != null) {
                e.revoking = false;
            }
        }
    }

    /**
     * The checkpoints due now: every live lease that has run down since its last renewal and
     * whose remaining TTL (whole seconds, rounded up) differs from the one persisted.
     */
    List<Lessor.Checkpoint> planCheckpoints() {
        List<Lessor.Checkpoint> out = new ArrayList<>();
        synchronized (lock) {
            long now = ticker.nanos();
            for (LeaseTable.Entry e : table.entriesByExpiry()) {
                if (e.revoking || e.expiredAt(now)) {
                    continue;
                }
                long remaining = LeaseTable.ceilSeconds(e.remainingNanos(now));
                if (remaining < e.ttl && remaining != e.persistedRemaining) {
                    out.add(new Lessor.Checkpoint(new LeaseRecord(e.id, e.ttl, remaining), e.expiryNanos));
                }
            }
        }
        return out;
    }

    /**
     * The planned checkpoints still valid (lease neither renewed nor revoked nor being revoked
     * since), each marked as in flight until {@link #releaseCheckpoints}: a renewal meanwhile then
     * proposes a clear after it.
     */
    List<Lessor.Checkpoint> claimCheckpoints(List<Lessor.Checkpoint> planned) {
        List<Lessor.Checkpoint> out = new ArrayList<>();
        synchronized (lock) {
            for (Lessor.Checkpoint c : planned) {
                LeaseTable.Entry e = table.get(c.record().id());
                if (e != null && !e.revoking && e.expiryNanos == c.expiryNanos()) {
                    e.checkpointsInFlight++;
                    out.add(c);
                }
            }
        }
        return out;
    }

    void releaseCheckpoints(List<Lessor.Checkpoint> claimed) {
        synchronized (lock) {
            for (Lessor.Checkpoint c : claimed) {
                LeaseTable.Entry e = table.get(c.record().id());
                if (e != null && e.checkpointsInFlight > 0) {
                    e.checkpointsInFlight--;
                }
            }
        }
    }

    private static ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }
}
