package dev.cairn.server.replication;

import dev.cairn.server.kv.KvApplier;
import dev.cairn.server.kv.KvLimits;
import dev.cairn.server.kv.KvMachine;
import dev.cairn.server.kv.LeaseLookup;
import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.time.ManualTicker;
import dev.cairn.storage.mvcc.MvccStore;
import java.time.Instant;

/** A single member's KV applier over a store, for tests that need KV but no real leases. */
public final class LocalKv {
    private LocalKv() {}

    /**
     * KV writes proposed through a {@link LocalProposer} and applied with {@code leases} deciding
     * which lease IDs exist; timeouts never fire.
     */
    public static KvApplier applier(MvccStore store, KvLimits limits, LeaseLookup leases) {
        return applier(store, limits, leases, ReadBarrier.local());
    }

    /** As {@link #applier(MvccStore, KvLimits, LeaseLookup)}, with linearizable reads behind {@code barrier}. */
    public static KvApplier applier(MvccStore store, KvLimits limits, LeaseLookup leases, ReadBarrier barrier) {
        Waiters waiters = new Waiters(new ManualTimeouts(), Waiters.DEFAULT_TIMEOUT);
        EntryApplier entries = new EntryApplier(
                store, new KvMachine(leases), LeaseMachine.empty(LeaseConfig.defaults(), new ManualTicker()), waiters);
        LocalProposer proposer = new LocalProposer(entries, waiters, RequestIds.forMember(1, Instant.EPOCH));
        return new KvApplier(store, limits, proposer, barrier);
    }
}
