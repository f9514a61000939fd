/**
 * etcd's gRPC services as thin adapters over the server's domain: validate, call, map errors, fill
 * headers.
 *
 * <p>Owns: the service classes registered by {@link dev.cairn.server.rpc.RpcServices#bind}, the one
 * table from domain errors to gRPC status ({@link dev.cairn.server.rpc.ErrorMapping}), and the
 * cluster-level header fields (cluster_id, member_id, raft_term). Must not hold KV semantics (those
 * live in {@code dev.cairn.server.kv}) and must not block a gRPC thread on the store's writer: write
 * calls are answered from the write future's callback.
 */
@NullMarked
package dev.cairn.server.rpc;

import org.jspecify.annotations.NullMarked;
