package dev.cairn.server.rpc;

import dev.cairn.server.lease.LeaseConfig;
import dev.cairn.server.lease.Lessor;
import dev.cairn.server.time.Ticker;
import dev.cairn.storage.mvcc.MvccStore;
import java.util.SplittableRandom;

/**
 * What the gRPC services need from the rest of the server.
 *
 * @param store the MVCC store
 * @param clusterId cluster ID for response headers (nonzero)
 * @param memberId this member's ID for response headers and Status (nonzero)
 * @param maxTxnOps --max-txn-ops
 * @param maxRequestBytes --max-request-bytes
 * @param lessor the leases over {@code store} (its driver is started by the caller)
 */
public record RpcContext(
        MvccStore store, long clusterId, long memberId, int maxTxnOps, long maxRequestBytes, Lessor lessor) {

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
                Lessor.empty(store, LeaseConfig.defaults(), Ticker.system(), new SplittableRandom(memberId)));
    }
}
