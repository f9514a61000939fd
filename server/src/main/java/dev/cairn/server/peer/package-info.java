/**
 * Member-to-member transport for raft: the {@code RaftPeer} gRPC service of {@code
 * cairn_raft.proto} on every {@code --listen-peer-urls} address, and the outbound side that sends
 * raft messages to the other members.
 *
 * <ul>
 *   <li>{@link dev.cairn.server.peer.RaftCodec}: raft's records to and from the {@code raftpb}
 *       protos, losslessly (also the byte format of the raft log store).
 *   <li>{@link dev.cairn.server.peer.PeerServer}: the listeners. Incoming traffic goes to a
 *       {@link dev.cairn.server.peer.PeerInbox} that the server's raft driver implements:
 *       {@code receive(Message)} for each message of a {@code Stream} batch, {@code
 *       receiveSnapshot(header)} returning a {@link dev.cairn.server.peer.SnapshotSink} that gets a
 *       snapshot's data chunks in order, and {@code members()} for the {@code Members} RPC.
 *   <li>{@link dev.cairn.server.peer.PeerTransport}: outbound. {@code send(messages)} never blocks:
 *       messages are queued per destination (bounded; dropped when full) and written as {@code
 *       MessageBatch}es on one long-lived {@code Stream} call per peer, reopened with backoff when
 *       it fails. {@code SNAP} messages go on {@code SendSnapshot}, their data read from a {@link
 *       dev.cairn.server.peer.SnapshotSource}. Failures come back through {@link
 *       dev.cairn.server.peer.PeerReports} ({@code reportUnreachable}, {@code reportSnapshot}), which
 *       the driver forwards to {@code RawNode}. {@code fetchMembers} asks a running cluster for its
 *       members (joining an existing cluster).
 *   <li>{@link dev.cairn.server.peer.PeerSecurity}: the {@code --peer-*} TLS settings, used by
 *       both sides (the outbound side presents the peer certificate as its client certificate).
 * </ul>
 *
 * <p>Threads: the listeners run on grpc-java's executor, so {@code PeerInbox} methods are called
 * concurrently from several threads and must not block for long (hand the message to the driver's
 * thread). The transport owns one scheduler thread ({@code cairn-peer-transport}) that runs every
 * peer's stream state, plus one thread per snapshot being sent ({@code cairn-peer-snapshot});
 * {@code PeerReports} are called on those threads or on the caller of {@code send}. This package
 * does not know raft's state machine, the store or the WAL: it moves bytes and reports failures.
 */
@NullMarked
package dev.cairn.server.peer;

import org.jspecify.annotations.NullMarked;
