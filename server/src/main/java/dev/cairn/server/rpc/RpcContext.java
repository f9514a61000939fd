package dev.cairn.server.rpc;

import dev.cairn.server.kv.KvMachine;
import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseIds;
import dev.cairn.server.lease.LeaseMachine;
import dev.cairn.server.lease.Lessor;
import dev.cairn.server.membership.ClusterOps;
import dev.cairn.server.membership.RaftStatusSource;
import dev.cairn.server.replication.EntryApplier;
import dev.cairn.server.replication.LeaderInfo;
import dev.cairn.server.replication.LocalProposer;
import dev.cairn.server.replication.Proposer;
import dev.cairn.server.replication.ReadBarrier;
import dev.cairn.server.replication.RequestIds;
import dev.cairn.server.replication.TimeoutScheduler;
import dev.cairn.server.replication.Waiters;
import dev.cairn.server.time.Ticker;
import dev.cairn.server.watch.WatchHub;
import dev.cairn.server.watch.WatchSettings;
import dev.cairn.storage.mvcc.MvccStore;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What the gRPC services need from the rest of the server.
 *
 * @param store the MVCC store
 * @param clusterId cluster ID for response headers (nonzero)
 * @param memberId this member's ID for response headers and Status (nonzero)
 * @param maxTxnOps --max-txn-ops
 * @param maxRequestBytes --max-request-bytes
 * @param lessor the leases over {@code store} (its driver is started by the caller)
 * @param watchHub the watchers over {@code store} (closed by the caller on shutdown)
 * @param proposer proposes KV writes and compactions
 * @param readBarrier what linearizable reads wait for
 * @param appliedIndex this member's applied raft index, for Status
 * @param raft the raft member's status, membership operations and term; null for a member without
 *     raft (tests), which answers as its own leader in term 1 and serves no Cluster service
 */
public record RpcContext(
        MvccStore store,
        long clusterId,
        long memberId,
        int maxTxnOps,
        long maxRequestBytes,
        Lessor lessor,
        WatchHub watchHub,
        Proposer proposer,
        ReadBarrier readBarrier,
        LongSupplier appliedIndex,
        @Nullable Raft raft) {

    /**
     * What a raft member adds to the services: Status's raft fields, the Cluster service and
     * MoveLeader, and the term of every response header. Immutable.
     *
     * @param status the node's raft status
     * @param cluster the membership operations
     * @param term the current raft term
     * @param requestTimeout how long MoveLeader waits at most (etcd's request timeout)
     */
    public record Raft(RaftStatusSource status, ClusterOps cluster, LongSupplier term, Duration requestTimeout) {}

    /**
     * The pieces of a single member without raft: its lease set, entry applier, {@link
     * LocalProposer}, and a lessor that always leads. Immutable.
     *
     * @param machine the lease set the applier applies to
     * @param applier applies every entry of this member
     * @param proposer proposes and applies at once
     * @param lessor the lessor proposing through {@code proposer}
     */
    public record Local(LeaseMachine machine, EntryApplier applier, Proposer proposer, Lessor lessor) {

        /**
         * Wires a single member over {@code store}.
         *
         * @param machine the lease set over {@code store} (recovered from it, or empty for a store
         *     known to hold no leases)
         * @param memberId this member's ID (request and lease IDs carry its low bits)
         * @param start when the member started (request and lease IDs count from it)
         * @param timeouts runs proposal timeouts ({@link Waiters#DEFAULT_TIMEOUT} after proposing)
         */
        public static Local create(
                MvccStore store, LeaseMachine machine, long memberId, Instant start, TimeoutScheduler timeouts) {
            return create(store, machine, memberId, start, timeouts, Waiters.DEFAULT_TIMEOUT);
        }

        /** As {@link #create(MvccStore, LeaseMachine, long, Instant, TimeoutScheduler)} with a timeout. */
        public static Local create(
                MvccStore store,
                LeaseMachine machine,
                long memberId,
                Instant start,
                TimeoutScheduler timeouts,
                Duration requestTimeout) {
            Waiters waiters = new Waiters(timeouts, requestTimeout);
            EntryApplier applier = new EntryApplier(store, new KvMachine(machine::exists), machine, waiters);
            LocalProposer proposer = new LocalProposer(applier, waiters, RequestIds.forMember(memberId, start));
            Lessor lessor =
                    new Lessor(store, machine, proposer, LeaderInfo.local(), LeaseIds.forMember(memberId, start));
            return new Local(machine, applier, proposer, lessor);
        }

        /** The services' context for this member. */
        public RpcContext context(
                MvccStore store,
                long clusterId,
                long memberId,
                int maxTxnOps,
                long maxRequestBytes,
                WatchHub watchHub) {
            return new RpcContext(
                    store,
                    clusterId,
                    memberId,
                    maxTxnOps,
                    maxRequestBytes,
                    lessor,
                    watchHub,
                    proposer,
                    ReadBarrier.local(),
                    applier::appliedIndex,
                    null);
        }
    }

    /**
     * A single member's context over a fresh store, whose lease set starts empty (without reading
     * the store) on the system ticker and expires nothing by itself, with a watch hub on etcd's
     * default settings (its threads exist only while it has work, so tests need not close it).
     */
    public static RpcContext local(
            MvccStore store, long clusterId, long memberId, int maxTxnOps, long maxRequestBytes) {
        return local(
                store,
                clusterId,
                memberId,
                maxTxnOps,
                maxRequestBytes,
                LeaseMachine.empty(LeaseConfig.defaults(), Ticker.system()));
    }

    /** As {@link #local(MvccStore, long, long, int, long)} over the given lease set. */
    public static RpcContext local(
            MvccStore store, long clusterId, long memberId, int maxTxnOps, long maxRequestBytes, LeaseMachine leases) {
        return Local.create(store, leases, memberId, Instant.EPOCH, TimeoutScheduler.daemon("cairn-proposal-timeout"))
                .context(
                        store,
                        clusterId,
                        memberId,
                        maxTxnOps,
                        maxRequestBytes,
                        WatchHub.start(
                                store, WatchSettings.etcd(maxRequestBytes, WatchSettings.DEFAULT_PROGRESS_INTERVAL)));
    }
}
