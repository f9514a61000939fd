package dev.cairn.server.rpc;

import dev.cairn.storage.mvcc.MvccStore;

/**
 * What the gRPC services need from the rest of the server.
 *
 * @param store the MVCC store
 * @param clusterId cluster ID for response headers (nonzero)
 * @param memberId this member's ID for response headers and Status (nonzero)
 * @param maxTxnOps --max-txn-ops
 * @param maxRequestBytes --max-request-bytes
 */
public record RpcContext(MvccStore store, long clusterId, long memberId, int maxTxnOps, long maxRequestBytes) {}
