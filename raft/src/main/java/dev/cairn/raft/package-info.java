/**
 * Raft consensus as a pure, deterministic state machine, in the shape of etcd-io/raft's {@code
 * RawNode}: the driver feeds {@link dev.cairn.raft.RawNode#tick()} and {@link
 * dev.cairn.raft.RawNode#step(Message)}, takes a {@link dev.cairn.raft.Ready}, persists and sends
 * what it says, applies the committed entries and calls {@link dev.cairn.raft.RawNode#advance}.
 *
 * <p>Owns: elections (pre-vote, check-quorum, leader transfer), log replication and flow control,
 * commitment, ReadIndex, snapshots as data, single-step membership changes. Must not touch:
 * threads, files, sockets, clocks or unseeded randomness (randomized election timeouts come from
 * {@link dev.cairn.raft.Config#random()}); it depends on nothing but {@code java.*}, protobuf's
 * {@code ByteString} and annotations (an ArchUnit test says so). Durable storage reaches it through
 * {@link dev.cairn.raft.RaftStorage}; {@link dev.cairn.raft.MemoryStorage} is the in-memory one.
 *
 * <p>Public: the API records and enums, {@link dev.cairn.raft.RaftStorage}, {@link
 * dev.cairn.raft.MemoryStorage}, {@link dev.cairn.raft.Config}, {@link dev.cairn.raft.RawNode} and
 * the exceptions. Package-private: the log ({@code RaftLog}, {@code Unstable}), the replication
 * trackers ({@code PeerProgress}, {@code Inflights}, {@code ProgressTracker}), {@code ReadOnly}
 * and the role step functions. The design is in {@code docs/design/raft.md}.
 */
@NullMarked
package dev.cairn.raft;

import org.jspecify.annotations.NullMarked;
