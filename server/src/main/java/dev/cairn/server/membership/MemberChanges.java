package dev.cairn.server.membership;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.proto.raftpb.MemberAttributes;
import dev.cairn.proto.raftpb.MemberRecord;
import dev.cairn.raft.ConfChange;
import dev.cairn.raft.ConfChangeType;
import dev.cairn.raft.Peer;
import java.util.List;

/**
 * How each membership request is written as a raft conf change. The context is a serialised
 * {@link MemberRecord}, except for a promote:
 *
 * <ul>
 *   <li>add: {@code ADD_NODE} (voter) or {@code ADD_LEARNER_NODE}, node = the new ID, context = the
 *       whole new member (no name, no client URLs);
 *   <li>promote: {@code ADD_NODE}, node = the learner, context empty (etcd marks it with {@code
 *       IsPromote}; an add always carries a record, so the empty context is unambiguous);
 *   <li>remove: {@code REMOVE_NODE}, context empty;
 *   <li>update: {@code UPDATE_NODE}, context = a record with the ID and the new peer URLs only.
 * </ul>
 *
 * Stateless.
 */
public final class MemberChanges {
    private MemberChanges() {}

    public static ConfChange add(ClusterMember m) {
        return new ConfChange(
                m.learner() ? ConfChangeType.ADD_LEARNER_NODE : ConfChangeType.ADD_NODE,
                m.id(),
                m.toRecord().toByteString());
    }

    public static ConfChange promote(long id) {
        return new ConfChange(ConfChangeType.ADD_NODE, id, ByteString.EMPTY);
    }

    public static ConfChange remove(long id) {
        return new ConfChange(ConfChangeType.REMOVE_NODE, id, ByteString.EMPTY);
    }

    public static ConfChange update(long id, List<String> peerUrls) {
        MemberRecord r =
                MemberRecord.newBuilder().setId(id).addAllPeerUrls(peerUrls).build();
        return new ConfChange(ConfChangeType.UPDATE_NODE, id, r.toByteString());
    }

    /** True for the promote form of {@code ADD_NODE}. */
    public static boolean isPromote(ConfChange cc) {
        return cc.type() == ConfChangeType.ADD_NODE && cc.context().isEmpty();
    }

    /**
     * What a member publishes about itself once it is up: the body of a {@code member_attributes}
     * replicated request, applied with {@link Membership#applyAttributes}.
     */
    public static MemberAttributes publish(long memberId, String name, List<String> clientUrls) {
        return MemberAttributes.newBuilder()
                .setMemberId(memberId)
                .setName(name)
                .addAllClientUrls(clientUrls)
                .build();
    }

    /** The raft peer a new cluster bootstraps {@code m} with. */
    public static Peer peer(ClusterMember m) {
        return new Peer(m.id(), m.toRecord().toByteString());
    }

    /**
     * The record in an add's or update's context.
     *
     * @throws IllegalStateException when the context is not a record for the change's node: the
     *     log is corrupt (etcd panics too)
     */
    static MemberRecord record(ConfChange cc) {
        MemberRecord r;
        try {
            r = MemberRecord.parseFrom(cc.context());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("conf change context is not a member record: " + cc, e);
        }
        if (r.getId() != cc.nodeId()) {
            throw new IllegalStateException("conf change for node " + Long.toHexString(cc.nodeId()) + " carries member "
                    + Long.toHexString(r.getId()));
        }
        return r;
    }
}
