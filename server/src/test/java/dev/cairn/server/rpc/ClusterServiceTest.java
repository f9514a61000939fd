package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.ClusterFixture.ids;
import static dev.cairn.server.rpc.KvFixture.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.MemberAddRequest;
import dev.cairn.proto.etcdserverpb.MemberAddResponse;
import dev.cairn.proto.etcdserverpb.MemberListRequest;
import dev.cairn.proto.etcdserverpb.MemberListResponse;
import dev.cairn.proto.etcdserverpb.MemberPromoteRequest;
import dev.cairn.proto.etcdserverpb.MemberRemoveRequest;
import dev.cairn.proto.etcdserverpb.MemberRemoveResponse;
import dev.cairn.proto.etcdserverpb.MemberUpdateRequest;
import dev.cairn.proto.etcdserverpb.MemberUpdateResponse;
import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.server.membership.ClusterMember;
import dev.cairn.server.membership.MemberSet;
import dev.cairn.server.membership.ReconfigRules;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's Cluster service over the membership rules, with a proposer that applies at once. */
class ClusterServiceTest {
    static final long BIG = 0xF000_0000_0000_0003L; // above 2^63: listed last, as etcd's uint64 order

    @TempDir
    Path dir;

    ClusterFixture f;

    @BeforeEach
    void start() {
        f = new ClusterFixture(dir, MemberSet.of(List.of(started(1), started(BIG), started(2)), List.of()));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static ClusterMember started(long id) {
        String host = "10.0.0." + (id & 0xff);
        return new ClusterMember(
                id, "m" + (id & 0xff), List.of("http://" + host + ":2380"), List.of("http://" + host + ":2379"), false);
    }

    static MemberAddRequest add(boolean learner, String... urls) {
        return MemberAddRequest.newBuilder()
                .addAllPeerURLs(List.of(urls))
                .setIsLearner(learner)
                .build();
    }

    static void assertClusterHeader(ResponseHeader h) {
        assertThat(h)
                .isEqualTo(ResponseHeader.newBuilder()
                        .setClusterId(ClusterFixture.CLUSTER_ID)
                        .setMemberId(ClusterFixture.SELF)
                        .setRaftTerm(ClusterFixture.TERM)
                        .build());
    }

    @Test
    void listsMembersByUnsignedIdWithAClusterHeader() {
        MemberListResponse r = f.cluster.memberList(MemberListRequest.getDefaultInstance());
        assertClusterHeader(r.getHeader());
        assertThat(ids(r.getMembersList())).containsExactly(1L, 2L, BIG);
        assertThat(r.getMembers(0)).isEqualTo(started(1).toProto());
        assertThat(f.barriers).isZero();
    }

    @Test
    void aLinearizableListWaitsForTheReadBarrier() {
        f.cluster.memberList(
                MemberListRequest.newBuilder().setLinearizable(true).build());
        assertThat(f.barriers).isEqualTo(1);
    }

    @Test
    void addsALearnerWithEtcdsIdAndListsIt() {
        MemberAddResponse r = f.cluster.memberAdd(add(true, "http://10.0.0.9:2380"));
        long id = ReconfigRules.newMemberId(List.of("http://10.0.0.9:2380"), ClusterFixture.NOW);
        assertClusterHeader(r.getHeader());
        assertThat(r.getMember().getID()).isEqualTo(id);
        assertThat(r.getMember().getPeerURLsList()).containsExactly("http://10.0.0.9:2380");
        assertThat(r.getMember().getIsLearner()).isTrue();
        assertThat(r.getMember().getName()).isEmpty();
        assertThat(r.getMember().getClientURLsList()).isEmpty();
        assertThat(r.getMembersList())
                .hasSize(4)
                .anySatisfy(m -> assertThat(m.getID()).isEqualTo(id));
        assertThat(ids(r.getMembersList())).isSortedAccordingTo(Long::compareUnsigned);
    }

    @Test
    void addRefusesWhatEtcdRefuses() {
        assertStatus(
                () -> f.cluster.memberAdd(add(false, "10.0.0.9:2380")),
                Status.Code.INVALID_ARGUMENT,
                "etcdserver: given member URLs are invalid");
        assertStatus(
                () -> f.cluster.memberAdd(add(false, "http://10.0.0.2:2380")),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: Peer URLs already exists");
        f.cluster.memberAdd(add(true, "http://10.0.0.9:2380"));
        assertStatus(
                () -> f.cluster.memberAdd(add(true, "http://10.0.0.8:2380")),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: too many learner members in cluster");
    }

    @Test
    void theStrictCheckCountsStartedVoters() {
        f.close();
        f = new ClusterFixture(
                dir.resolve("unstarted"),
                MemberSet.of(
                        List.of(
                                started(1),
                                ClusterMember.unstarted(2, List.of("http://10.0.0.2:2380"), false),
                                ClusterMember.unstarted(3, List.of("http://10.0.0.3:2380"), false)),
                        List.of()));
        assertStatus(
                () -> f.cluster.memberAdd(add(false, "http://10.0.0.9:2380")),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: re-configuration failed due to not enough started members");
        assertStatus(
                () -> f.cluster.memberRemove(
                        MemberRemoveRequest.newBuilder().setID(1).build()),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: re-configuration failed due to not enough started members");
    }

    @Test
    void removesOnceThenTheIdIsGone() {
        MemberRemoveResponse r =
                f.cluster.memberRemove(MemberRemoveRequest.newBuilder().setID(2).build());
        assertClusterHeader(r.getHeader());
        assertThat(ids(r.getMembersList())).containsExactly(1L, BIG);
        assertStatus(
                () -> f.cluster.memberRemove(
                        MemberRemoveRequest.newBuilder().setID(2).build()),
                Status.Code.NOT_FOUND,
                "etcdserver: member not found");
        assertStatus(
                () -> f.cluster.memberRemove(
                        MemberRemoveRequest.newBuilder().setID(77).build()),
                Status.Code.NOT_FOUND,
                "etcdserver: member not found");
    }

    @Test
    void updatesPeerUrls() {
        MemberUpdateResponse r = f.cluster.memberUpdate(MemberUpdateRequest.newBuilder()
                .setID(2)
                .addPeerURLs("http://10.0.1.2:2380")
                .build());
        assertClusterHeader(r.getHeader());
        assertThat(r.getMembers(1).getPeerURLsList()).containsExactly("http://10.0.1.2:2380");
        assertThat(r.getMembers(1).getName()).isEqualTo("m2");
        assertStatus(
                () -> f.cluster.memberUpdate(MemberUpdateRequest.newBuilder()
                        .setID(2)
                        .addPeerURLs("http://10.0.0.1:2380")
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: Peer URLs already exists");
        assertStatus(
                () -> f.cluster.memberUpdate(MemberUpdateRequest.newBuilder()
                        .setID(77)
                        .addPeerURLs("http://10.0.7.7:2380")
                        .build()),
                Status.Code.NOT_FOUND,
                "etcdserver: member not found");
    }

    @Test
    void promotesALearnerThatCaughtUp() {
        long id = f.cluster
                .memberAdd(add(true, "http://10.0.0.9:2380"))
                .getMember()
                .getID();
        f.matched(id, 89);
        assertStatus(
                () -> f.cluster.memberPromote(promote(id)),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: can only promote a learner member which is in sync with leader");
        f.matched(id, 90);
        var r = f.cluster.memberPromote(promote(id));
        assertClusterHeader(r.getHeader());
        assertThat(r.getMembersList())
                .filteredOn(m -> m.getID() == id)
                .singleElement()
                .satisfies(m -> assertThat(m.getIsLearner()).isFalse());
        assertStatus(
                () -> f.cluster.memberPromote(promote(2)),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: can only promote a learner member");
        assertStatus(() -> f.cluster.memberPromote(promote(77)), Status.Code.NOT_FOUND, "etcdserver: member not found");
        assertThat(f.forwarded).isEmpty();
    }

    @Test
    void aFollowerForwardsPromoteToTheLeader() {
        f.follows(2);
        var r = f.cluster.memberPromote(promote(7));
        assertThat(f.forwarded).containsExactly(7L);
        assertThat(ids(r.getMembersList())).containsExactly(1L, 2L, BIG);
    }

    static MemberPromoteRequest promote(long id) {
        return MemberPromoteRequest.newBuilder().setID(id).build();
    }
}
