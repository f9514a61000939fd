package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * A raft node as a pure state machine (etcd-io/raft's RawNode). Not thread-safe: owned by one
 * driver thread, which calls {@link #tick()} on its clock, {@link #step} for each received message,
 * and handles each {@link #ready()} as {@link Ready} says before {@link #advance(Ready)}.
 */
public final class RawNode {
    private final Config config;

    private RawNode(Config config) {
        this.config = config;
    }

    /** A node restarting (or joining) from the state in {@code c.storage()}. */
    public static RawNode create(Config c) {
        return new RawNode(c);
    }

    /** Writes conf-change entries 1..n adding the peers, committed at term 1 (a new cluster). */
    public void bootstrap(List<Peer> peers) {
        throw notYet();
    }

    /** Advances the logical clock by one tick (election and heartbeat timeouts count ticks). */
    public void tick() {
        throw notYet();
    }

    /** Starts an election now (pre-vote first when configured). */
    public void campaign() {
        throw notYet();
    }

    /** Proposes a command to be appended to the log. */
    public void propose(ByteString data) {
        throw notYet();
    }

    /** Proposes a membership change. */
    public void proposeConfChange(ConfChange cc) {
        throw notYet();
    }

    /** Applies a committed membership change; returns the resulting configuration. */
    public ConfState applyConfChange(ConfChange cc) {
        throw notYet();
    }

    /** Steps a message received from a peer. */
    public void step(Message m) {
        throw notYet();
    }

    /** Requests a linearizable read point; the answer comes as a {@link ReadState}. */
    public void readIndex(ByteString requestCtx) {
        throw notYet();
    }

    /** Asks the leader to hand leadership to {@code transferee}. */
    public void transferLeader(long transferee) {
        throw notYet();
    }

    /** Tells the leader that the last message to {@code id} could not be delivered. */
    public void reportUnreachable(long id) {
        throw notYet();
    }

    /** Tells the leader whether the snapshot sent to {@code id} was installed. */
    public void reportSnapshot(long id, boolean ok) {
        throw notYet();
    }

    /** Whether {@link #ready()} has anything to do. */
    public boolean hasReady() {
        throw notYet();
    }

    /** The next batch of work for the driver. */
    public Ready ready() {
        throw notYet();
    }

    /** Tells the node the driver finished handling {@code rd}. */
    public void advance(Ready rd) {
        throw notYet();
    }

    /** The node's current status. */
    public Status status() {
        throw notYet();
    }

    private UnsupportedOperationException notYet() {
        return new UnsupportedOperationException("raft behaviour lands in milestone 2 (node " + config.id() + ")");
    }
}
