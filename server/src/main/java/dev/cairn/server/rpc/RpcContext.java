package dev.cairn.server.rpc;

import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.LeaseIds;
import dev.cairn.server.lease.Lessor;
import dev.cairn.server.time.Ticker;
import dev.cairn.server.watch.WatchHub;
import dev.cairn.server.watch.WatchSettings;
import dev.cairn.storage.mvcc.MvccStore;
import java.time.Instant;

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
 */
public record RpcContext(
        MvccStore store,
        long clusterId,
        long memberId,
        int maxTxnOps,
        long maxRequestBytes,
        Lessor lessor,
        WatchHub watchHub) {

    /**
     * A context with a watch hub on etcd's default settings (its threads exist only while it has
     * work, so tests need not close it).
     */
    public RpcContext(
            MvccStore store, long clusterId, long memberId, int maxTxnOps, long maxRequestBytes, Lessor lessor) {
        this(
                store,
                clusterId,
                memberId,
                maxTxnOps,
                maxRequestBytes,
                lessor,
                WatchHub.start(store, WatchSettings.etcd(maxRequestBytes, WatchSettings.DEFAULT_PROGRESS_INTERVAL)));
    }

    /**
     * A context whose lessor starts empty (without reading the store) on the system ticker and
     * expires nothing by itself: for tests over fresh stores that do not exercise leases.
     */
    public RpcContext(MvccStore store, long clusterId, long memberId, int maxTxnOps, long maxRequestBytes) {
        this(
                store,
                clusterId,
                memberId,
                maxTxnOps,
                maxRequestBytes,
                Lessor.empty(
                        store, LeaseConfig.defaults(), Ticker.system(), LeaseIds.forMember(memberId, Instant.EPOCH)));
    }
}
