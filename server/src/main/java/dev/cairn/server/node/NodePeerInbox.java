package dev.cairn.server.node;

import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.raft.Message;
import dev.cairn.server.membership.ClusterMember;
import dev.cairn.server.membership.Membership;
import dev.cairn.server.peer.PeerInbox;
import dev.cairn.server.peer.SnapshotSink;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * What other members send, handed to the raft node: messages are stepped in arrival order, the
 * Members RPC answers the applied member list. Incoming snapshots are refused (the sender reports
 * the failure to its raft, which retries later): installing a store snapshot is not implemented,
 * and stepping a snapshot without installing its data would make this member skip entries. Members
 * that fall further behind than the {@link NodeConfig#catchUpEntries} kept in the leader's log
 * therefore cannot catch up.
 *
 * <p>Thread-safe: called on gRPC threads; everything is queued to the driver.
 */
public final class NodePeerInbox implements PeerInbox {
    private final RaftNode node;
    private final Membership membership;
    private final LongSupplier clusterId;

    public NodePeerInbox(RaftNode node, Membership membership, LongSupplier clusterId) {
        this.node = node;
        this.membership = membership;
        this.clusterId = clusterId;
    }

    @Override
    public void receive(Message message) {
        if (membership.isRemoved(message.from())) {
            return; // etcd drops the messages of removed members
        }
        node.step(message);
    }

    @Override
    public SnapshotSink receiveSnapshot(Message header) throws IOException {
        throw new IOException("member " + Long.toHexString(node.id()) + " cannot install a snapshot (index "
                + header.snapshot().metadata().index() + "): not supported yet");
    }

    @Override
    public MembersResponse members() {
        MembersResponse.Builder b = MembersResponse.newBuilder().setClusterId(clusterId.getAsLong());
        for (ClusterMember m : membership.current().members()) {
            b.addMembers(m.toRecord());
        }
        return b.build();
    }
}
