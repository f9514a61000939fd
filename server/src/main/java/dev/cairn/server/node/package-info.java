/**
 * The raft node driver: the one place where Cairn's pure raft state machine ({@code dev.cairn.raft})
 * meets threads, the durable log, the peer transport and the MVCC store.
 *
 * <p>{@link dev.cairn.server.node.RaftNode} owns the {@code RawNode} on one driver thread fed by an
 * inbox of commands (ticks, peer messages, proposals, read-index requests, conf changes applied,
 * leader transfer, transport reports); each round persists the Ready (entries, hard state,
 * snapshot) to the {@code RaftLogStore} and the {@code MemoryStorage}, sends its messages, hands
 * its committed entries to the apply thread and advances. The apply thread ({@code ApplyLoop})
 * applies entries in log order through a {@link dev.cairn.server.node.StateMachine}, skipping
 * those the store has already recorded, and routes conf changes back to the driver.
 *
 * <p>This package must not reach into the gRPC services ({@code dev.cairn.server.rpc}); it exposes
 * the replication, membership and peer interfaces those packages define.
 */
@NullMarked
package dev.cairn.server.node;

import org.jspecify.annotations.NullMarked;
