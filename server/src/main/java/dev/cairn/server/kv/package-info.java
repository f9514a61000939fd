/**
 * etcd's KV request semantics (Range, Put, DeleteRange, Txn, Compact) on top of the MVCC store:
 * request validation, txn compare evaluation, pre-checks and execution, and the revision each
 * response header reports.
 *
 * <p>Owns: what a KV request means and which domain error it fails with ({@link
 * dev.cairn.server.kv.KvException}). Must not touch: gRPC (no {@code io.grpc} types; the rpc
 * package maps errors to status codes and fills the cluster-level header fields), storage
 * internals beyond {@link dev.cairn.storage.mvcc.MvccStore}, and clocks.
 *
 * <p>Entry points: {@link dev.cairn.server.kv.KvApplier} (validates, proposes writes through the
 * {@link dev.cairn.server.replication.Proposer}, reads after the {@link
 * dev.cairn.server.replication.ReadBarrier}) and {@link dev.cairn.server.kv.KvMachine} (applies
 * committed writes on every member).
 */
@NullMarked
package dev.cairn.server.kv;

import org.jspecify.annotations.NullMarked;
