/**
 * The replicated write path: every state change (KV writes, compactions, lease grants, revokes
 * and checkpoints) is a {@link dev.cairn.proto.raftpb.ReplicatedRequest}, proposed on any member
 * through a {@link dev.cairn.server.replication.Proposer}, committed, and applied by the {@link
 * dev.cairn.server.replication.EntryApplier} on every member in log order. The member that
 * proposed a request completes its client's call when its own apply of that entry finishes
 * ({@link dev.cairn.server.replication.Waiters}).
 *
 * <p>Owns: the request envelope's life (request IDs, waiters, proposal timeouts), the order and
 * index of applies, and the single-member {@link dev.cairn.server.replication.LocalProposer}.
 * The seams the raft driver fills in: {@link dev.cairn.server.replication.Proposer}, {@link
 * dev.cairn.server.replication.ReadBarrier} and {@link dev.cairn.server.replication.LeaderInfo}.
 *
 * <p>Must not touch: gRPC, the domain rules of KV and leases (they reach this package as {@link
 * dev.cairn.server.replication.KvStateMachine} and {@link
 * dev.cairn.server.replication.LeaseStateMachine}, implemented by the kv and lease packages, which
 * depend on this one, never the other way round), storage internals beyond {@link
 * dev.cairn.storage.mvcc.MvccStore}, and clocks (timeouts run on an injected {@link
 * dev.cairn.server.replication.TimeoutScheduler}).
 */
@NullMarked
package dev.cairn.server.replication;

import org.jspecify.annotations.NullMarked;
