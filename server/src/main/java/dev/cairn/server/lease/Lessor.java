package dev.cairn.server.lease;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.protobuf.ByteString;
import dev.cairn.server.time.Ticker;
import dev.cairn.storage.mvcc.LeaseRecord;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import dev.cairn.storage.mvcc.WriteTxn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * etcd's lessor: the leases of this member, their expiry on an injected {@link Ticker}, and the
 * store writes that grant, revoke and checkpoint them. Lease records and attached keys live in the
 * {@link MvccStore}; expiry instants live here only (etcd keeps them in memory too).
 *
 * <p>Every change to the lease set runs inside a store write body on the store's writer thread,
 * and the in-memory table is updated in that same body, after its store changes. So a Put that
 * asks {@link #exists} from its own write body sees exactly the leases committed before it, and no
 * key can attach to a lease whose revoke ran earlier. Renewals are memory-only, as in etcd (they
 * are not raft proposals there).
 *
 * <p>Decisions about expiry and checkpoints are computed here as data ({@link #takeExpired},
 * {@link #planCheckpoints}); {@link LeaseDriver} owns the thread that asks for and executes them.
 *
 * <p>Thread-safe: any thread may call. The table and the ID source are guarded by one
 * lock, held only for in-memory work, never across a store call or a future.
 */
public final class Lessor {
    private final MvccStore store;
    private final LeaseConfig config;
    private final Ticker ticker;
    private final Object lock = new Object();

    @GuardedBy("lock")
    private final LeaseIds ids;

    @GuardedBy("lock")
    private final LeaseTable table = new LeaseTable();

    private Lessor(MvccStore store, LeaseConfig config, Ticker ticker, LeaseIds ids) {
        this.store = store;
        this.config = config;
        this.ticker = ticker;
        this.ids = ids;
    }

    /**
     * A lessor over {@code store} holding the leases the store has persisted. Each loaded lease
     * expires after its checkpointed remaining TTL, or its full TTL when none was checkpointed,
     * plus {@link LeaseConfig#promoteExtension} (etcd's rule when a leader takes over leases).
     * With at least as many leases as the revoke rate, piles that would expire in the same second
     * are spread to three quarters of the revoke rate per second, as etcd's leader does.
     *
     * @param ids source of server-chosen lease IDs; used under the lessor's lock only
     */
    public static Lessor recover(MvccStore store, LeaseConfig config, Ticker ticker, LeaseIds ids) {
        Lessor lessor = new Lessor(store, config, ticker, ids);
        List<LeaseRecord> records;
        try (ReadView view = store.read()) {
            records = view.leases();
        }
        long now = ticker.nanos();
        long extra = config.promoteExtension().toNanos();
        synchronized (lessor.lock) {
            for (LeaseRecord r : records) {
                long remaining = r.remainingTtl() > 0 ? r.remainingTtl() : r.ttl();
                lessor.table.add(new LeaseTable.Entry(
                        r.id(), r.ttl(), LeaseTable.deadline(now, remaining, extra), r.remainingTtl()));
            }
            if (lessor.table.size() >= config.revokeRatePerSecond()) {
                lessor.table.spreadPileUps(Math.max(1, config.revokeRatePerSecond() * 3 / 4));
            }
        }
        return lessor;
    }

    /**
     * A lessor that starts with no leases without reading the store: only for stores known to
     * hold none (fresh test stores, stand-ins that cannot read).
     */
    public static Lessor empty(MvccStore store, LeaseConfig config, Ticker ticker, LeaseIds ids) {
        return new Lessor(store, config, ticker, ids);
    }

    public LeaseConfig config() {
        return config;
    }

    /**
     * Grants a lease (etcd's LeaseGrant). {@code id} 0 lets the server pick the next unused
     * positive ID. A TTL below the minimum is raised to it. Completes once the lease is durable.
     *
     * @return a future failing with {@link LeaseException.TtlTooLarge} or {@link
     *     LeaseException.AlreadyExists}
     */
    public CompletableFuture<Granted> grant(long id, long ttl) {
        if (ttl > LeaseConfig.MAX_TTL_SECONDS) {
            return CompletableFuture.failedFuture(new LeaseException.TtlTooLarge(ttl));
        }
        long granted = Math.max(ttl, config.minTtlSeconds());
        return store.write(txn -> {
            long chosen;
            synchronized (lock) {
                chosen = id != 0 ? id : freshId();
                if (table.contains(chosen)) {
                    throw new LeaseException.AlreadyExists(chosen);
                }
            }
            txn.putLease(new LeaseRecord(chosen, granted, 0));
            synchronized (lock) {
                table.add(new LeaseTable.Entry(chosen, granted, LeaseTable.deadline(ticker.nanos(), granted, 0), 0));
            }
            return new Granted(chosen, granted, txn.writeRevision() - 1);
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
        return store.write(txn -> revokeIn(txn, id));
    }

    /**
     * Renews a lease to its full TTL from now (etcd's keep-alive).
     *
     * @return the granted TTL, or 0 if the lease is unknown or already expired (its revoke is on
     *     the way), as etcd answers keep-alives
     */
    public long renew(long id) {
        long ttl;
        boolean clearCheckpoint;
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            long now = ticker.nanos();
            if (e == null || e.expiredAt(now)) {
                return 0;
            }
            table.reschedule(e, LeaseTable.deadline(now, e.ttl, 0));
            ttl = e.ttl;
            clearCheckpoint = e.persistedRemaining > 0;
        }
        if (clearCheckpoint) {
            // A stale checkpoint would shorten the lease after a restart; etcd clears it too.
            var unused = store.write(txn -> clearCheckpoint(txn, id));
        }
        return ttl;
    }

    /** Whether the lease exists (granted and not yet revoked, even if expired). */
    public boolean exists(long id) {
        synchronized (lock) {
            return table.contains(id);
        }
    }

    /** The granted TTL of a live lease, if it exists. */
    public Optional<Long> grantedTtl(long id) {
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            return e == null ? Optional.empty() : Optional.of(e.ttl);
        }
    }

    /**
     * The lease's remaining and granted TTL (etcd's LeaseTimeToLive), with its attached keys when
     * {@code withKeys}; empty for an unknown lease.
     */
    public Optional<TimeToLive> timeToLive(long id, boolean withKeys) {
        long remaining;
        long ttl;
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            if (e == null) {
                return Optional.empty();
            }
            remaining = Math.max(0, LeaseTable.truncSeconds(e.remainingNanos(ticker.nanos())));
            ttl = e.ttl;
        }
        try (ReadView view = store.read()) {
            List<ByteString> keys = withKeys ? view.leaseKeys(id) : List.of();
            return Optional.of(new TimeToLive(id, remaining, ttl, keys, view.currentRevision()));
        }
    }

    /** Every lease ID, earliest expiry first (the order etcd's LeaseLeases reports). */
    public List<Long> leases() {
        synchronized (lock) {
            return table.idsByExpiry();
        }
    }

    /** Up to {@code max} expired leases, marked as being revoked; for {@link LeaseDriver}. */
    List<Long> takeExpired(int max) {
        synchronized (lock) {
            return table.takeExpired(ticker.nanos(), max);
        }
    }

    /**
     * Revokes a lease that {@link #takeExpired} handed out. Completes normally if the lease was
     * revoked meanwhile; on any other failure the lease is handed out again by a later tick.
     */
    CompletableFuture<Long> revokeExpired(long id) {
        return store.write(txn -> revokeIn(txn, id)).handle((revision, failure) -> {
            if (failure == null) {
                return revision;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (!(cause instanceof LeaseException.NotFound)) {
                synchronized (lock) {
                    LeaseTable.Entry e = table.get(id);
                    if (e != null) {
                        e.revoking = false;
                    }
                }
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
        List<Checkpoint> out = new ArrayList<>();
        synchronized (lock) {
            long now = ticker.nanos();
            for (LeaseTable.Entry e : table.entriesByExpiry()) {
                if (e.revoking || e.expiredAt(now)) {
                    continue;
                }
                long remaining = LeaseTable.ceilSeconds(e.remainingNanos(now));
                if (remaining < e.ttl && remaining != e.persistedRemaining) {
                    out.add(new Checkpoint(new LeaseRecord(e.id, e.ttl, remaining), e.expiryNanos));
                }
            }
        }
        return out;
    }

    /** Persists one batch of checkpoints in one write; skips leases renewed or revoked since. */
    CompletableFuture<Integer> checkpoint(List<Checkpoint> batch) {
        return store.write(txn -> {
            int written = 0;
            for (Checkpoint c : batch) {
                if (stillAsPlanned(c)) {
                    txn.putLease(c.record());
                    markPersisted(c);
                    written++;
                }
            }
            return written;
        });
    }

    /** A planned checkpoint: the record to write, valid while the lease's expiry is unchanged. */
    record Checkpoint(LeaseRecord record, long expiryNanos) {}

    private long revokeIn(WriteTxn txn, long id) {
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
        return deleted ? txn.writeRevision() : txn.writeRevision() - 1;
    }

    private boolean clearCheckpoint(WriteTxn txn, long id) {
        long ttl;
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            if (e == null || e.persistedRemaining == 0) {
                return false;
            }
            ttl = e.ttl;
        }
        txn.putLease(new LeaseRecord(id, ttl, 0));
        synchronized (lock) {
            LeaseTable.Entry e = table.get(id);
            if (e != null) {
                e.persistedRemaining = 0;
            }
        }
        return true;
    }

    private boolean stillAsPlanned(Checkpoint c) {
        synchronized (lock) {
            LeaseTable.Entry e = table.get(c.record().id());
            return e != null && !e.revoking && e.expiryNanos == c.expiryNanos();
        }
    }

    private void markPersisted(Checkpoint c) {
        synchronized (lock) {
            LeaseTable.Entry e = table.get(c.record().id());
            if (e != null) {
                e.persistedRemaining = c.record().remainingTtl();
            }
        }
    }

    @GuardedBy("lock")
    private long freshId() {
        long id;
        do {
            id = ids.next();
        } while (id == 0 || table.contains(id));
        return id;
    }
}
