package dev.cairn.server.membership;

import dev.cairn.proto.etcdserverpb.Member;
import dev.cairn.proto.raftpb.MemberRecord;
import java.util.List;
import java.util.Objects;

/**
 * One member of the cluster as the log records it: etcd's Member (raft attributes: peer URLs and
 * the learner flag; attributes: name and client URLs). A member that has not published itself yet
 * has an empty name and no client URLs; etcd calls it not started. Immutable.
 *
 * @param id the member ID (nonzero)
 * @param name {@code --name}, empty until the member published it
 * @param peerUrls peer URLs (sorted when the member was added or bootstrapped; as given by MemberUpdate)
 * @param clientUrls advertised client URLs, empty until published
 * @param learner whether the member is a raft learner
 */
public record ClusterMember(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
    public ClusterMember {
        Objects.requireNonNull(name, "name");
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
        if (id == 0) {
            throw new IllegalArgumentException("member id must not be 0");
        }
    }

    /** A member added at run time: no name and no client URLs until it starts and publishes them. */
    public static ClusterMember unstarted(long id, List<String> peerUrls, boolean learner) {
        return new ClusterMember(id, "", peerUrls, List.of(), learner);
    }

    /** etcd's IsStarted: the member has published its name. */
    public boolean started() {
        return !name.isEmpty();
    }

    /** This member with other peer URLs (MemberUpdate changes nothing else). */
    public ClusterMember withPeerUrls(List<String> urls) {
        return new ClusterMember(id, name, urls, clientUrls, learner);
    }

    /** This member with the attributes it published. */
    public ClusterMember withAttributes(String newName, List<String> newClientUrls) {
        return new ClusterMember(id, newName, peerUrls, newClientUrls, learner);
    }

    /** This member as a voter. */
    public ClusterMember promoted() {
        return new ClusterMember(id, name, peerUrls, clientUrls, false);
    }

    /** The record stored under {@code members/<hex id>} and carried by conf changes. */
    public MemberRecord toRecord() {
        return MemberRecord.newBuilder()
                .setId(id)
                .setName(name)
                .addAllPeerUrls(peerUrls)
                .addAllClientUrls(clientUrls)
                .setIsLearner(learner)
                .build();
    }

    public static ClusterMember fromRecord(MemberRecord r) {
        return new ClusterMember(r.getId(), r.getName(), r.getPeerUrlsList(), r.getClientUrlsList(), r.getIsLearner());
    }

    /** As the Cluster service lists it. */
    public Member toProto() {
        return Member.newBuilder()
                .setID(id)
                .setName(name)
                .addAllPeerURLs(peerUrls)
                .addAllClientURLs(clientUrls)
                .setIsLearner(learner)
                .build();
    }
}
