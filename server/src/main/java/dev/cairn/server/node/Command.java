package dev.cairn.server.node;

import com.google.protobuf.ByteString;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfState;
import dev.cairn.raft.Message;
import dev.cairn.raft.Status;
import java.util.concurrent.CompletableFuture;

/**
 * What the driver thread of a {@link RaftNode} does next: everything that touches the {@code
 * RawNode} arrives as one of these, in order, through the node's inbox. Immutable.
 */
sealed interface Command {

    /** One raft tick (heartbeat interval elapsed). */
    record Tick() implements Command {}

    /** A message from a peer. */
    record Step(Message message) implements Command {}

    /** Propose a normal entry; {@code accepted} fails with the raft exception when it is dropped. */
    record Propose(ByteString data, CompletableFuture<Void> accepted) implements Command {}

    /** Propose a membership change. */
    record ProposeConfChange(dev.cairn.raft.ConfChange change, CompletableFuture<Void> accepted) implements Command {}

    /** Ask for a read index; the answer comes as a {@code ReadState} carrying {@code context}. */
    record ReadIndex(ByteString context) implements Command {}

    /** The apply thread reached a conf-change entry: apply it to raft and answer the new voters. */
    record ApplyConfChange(ConfChange change, CompletableFuture<ConfState> done) implements Command {}

    /** Hand leadership to {@code transferee} (MoveLeader). */
    record TransferLeader(long transferee) implements Command {}

    /** The transport could not reach {@code peer}. */
    record ReportUnreachable(long peer) implements Command {}

    /** A snapshot sent to {@code peer} finished. */
    record ReportSnapshot(long peer, boolean ok) implements Command {}

    /** Start an election now (a lone voter elects itself without waiting for a timeout). */
    record Campaign() implements Command {}

    /** Read raft's status on the driver thread. */
    record ReadStatus(CompletableFuture<Status> status) implements Command {}

    /**
     * The apply thread applied through {@code index} with {@code confState}: snapshot there and
     * compact the log behind it.
     */
    record Compact(long index, ConfState confState) implements Command {}
}
