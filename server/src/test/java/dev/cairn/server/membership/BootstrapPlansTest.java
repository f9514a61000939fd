package dev.cairn.server.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.raft.Peer;
import dev.cairn.server.config.ClusterBootstrap;
import dev.cairn.server.config.ClusterIds;
import dev.cairn.server.config.EtcdUrl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** etcd's bootstrap checks for a new cluster and for joining one, with etcd's messages. */
class BootstrapPlansTest {
    static final String THREE = "a=http://10.0.0.1:2380,b=http://10.0.0.2:2380,c=http://10.0.0.3:2380";

    static ClusterBootstrap cluster(String initialCluster, String advertise, ClusterBootstrap.State state) {
        return new ClusterBootstrap(
                EtcdUrl.parseList(advertise),
                EtcdUrl.parseList(advertise),
                ClusterBootstrap.parseInitialCluster(initialCluster),
                state,
                "etcd-cluster");
    }

    static ClusterBootstrap fresh(String initialCluster, String advertise) {
        return cluster(initialCluster, advertise, ClusterBootstrap.State.NEW);
    }

    @Test
    void etcdsDefaultSingleMember() throws BootstrapException {
        BootstrapPlan.NewCluster plan =
                BootstrapPlans.newCluster("default", fresh("default=http://localhost:2380", "http://localhost:2380"));
        assertThat(ClusterIds.hex(plan.localId())).isEqualTo("8e9e05c52164694d");
        assertThat(ClusterIds.hex(plan.clusterId())).isEqualTo("cdf818194e3a8c32");
        assertThat(plan.members())
                .containsExactly(ClusterMember.unstarted(plan.localId(), List.of("http://localhost:2380"), false));
    }

    @Test
    void aNewClusterBootstrapsEveryMemberAsAPeerInIdOrder() throws BootstrapException {
        ClusterBootstrap cb = fresh(THREE, "http://10.0.0.2:2380");
        BootstrapPlan.NewCluster plan = BootstrapPlans.newCluster("b", cb);
        List<Long> ids = List.of(cb.memberId("a"), cb.memberId("b"), cb.memberId("c"));
        assertThat(plan.localId()).isEqualTo(cb.memberId("b"));
        assertThat(plan.clusterId()).isEqualTo(cb.clusterId()).isEqualTo(ClusterIds.clusterId(ids));
        assertThat(plan.members()).extracting(ClusterMember::id).isSortedAccordingTo(Long::compareUnsigned);
        assertThat(plan.peers())
                .extracting(Peer::id)
                .containsExactlyElementsOf(
                        plan.members().stream().map(ClusterMember::id).toList());
        assertThat(plan.peers().get(0).context())
                .isEqualTo(plan.members().get(0).toRecord().toByteString());
    }

    @Test
    void theLocalNameMustBeInTheInitialCluster() {
        assertThatThrownBy(() -> BootstrapPlans.newCluster("x", fresh(THREE, "http://10.0.0.1:2380")))
                .isInstanceOf(BootstrapException.class)
                .hasMessage("couldn't find local name \"x\" in the initial cluster configuration");
        assertThatThrownBy(() -> BootstrapPlans.remotePeerUrls("x", fresh(THREE, "http://10.0.0.1:2380")))
                .hasMessage("couldn't find local name \"x\" in the initial cluster configuration");
    }

    @Test
    void advertisedUrlsMustMatchTheInitialCluster() {
        assertThatThrownBy(() -> BootstrapPlans.newCluster("a", fresh(THREE, "http://10.0.0.9:2380")))
                .hasMessage("--initial-cluster has a=http://10.0.0.1:2380 but missing from"
                        + " --initial-advertise-peer-urls=http://10.0.0.9:2380"
                        + " (\"http://10.0.0.9:2380\"(resolved from \"http://10.0.0.9:2380\") !="
                        + " \"http://10.0.0.1:2380\"(resolved from \"http://10.0.0.1:2380\"))");
        assertThatThrownBy(
                        () -> BootstrapPlans.newCluster("a", fresh(THREE, "http://10.0.0.1:2380,http://10.0.0.7:2380")))
                .hasMessage("--initial-advertise-peer-urls has http://10.0.0.7:2380 but missing from"
                        + " --initial-cluster=a=http://10.0.0.1:2380,a=http://10.0.0.7:2380");
    }

    @Test
    void peerUrlsMustBeDistinct() {
        assertThatThrownBy(() -> BootstrapPlans.newCluster(
                        "a", fresh("a=http://10.0.0.1:2380,b=http://10.0.0.1:2380", "http://10.0.0.1:2380")))
                .hasMessage("initial cluster a=http://10.0.0.1:2380,b=http://10.0.0.1:2380 has duplicate url");
    }

    @Test
    void aJoiningMemberAsksTheOthers() throws BootstrapException {
        ClusterBootstrap cb =
                cluster(THREE + ",c=http://10.0.0.4:2380", "http://10.0.0.2:2380", ClusterBootstrap.State.EXISTING);
        assertThat(BootstrapPlans.remotePeerUrls("b", cb))
                .containsExactly("http://10.0.0.1:2380", "http://10.0.0.3:2380", "http://10.0.0.4:2380");
    }

    @Test
    void aJoiningMemberTakesTheIdTheClusterGaveItsUrls() throws BootstrapException {
        ClusterBootstrap cb = cluster(THREE, "http://10.0.0.3:2380", ClusterBootstrap.State.EXISTING);
        List<ClusterMember> existing = List.of(
                Fixtures.started(1),
                Fixtures.started(2),
                ClusterMember.unstarted(0xc3, List.of("http://10.0.0.3:2380"), true));
        MembersResponse answer = MembersResponse.newBuilder()
                .setClusterId(0xfeed)
                .addAllMembers(existing.stream().map(ClusterMember::toRecord).toList())
                .build();
        BootstrapPlan.Join plan = BootstrapPlans.join("c", cb, answer);
        assertThat(plan.localId()).isEqualTo(0xc3);
        assertThat(plan.clusterId()).isEqualTo(0xfeed);
        assertThat(plan.existing()).containsExactlyElementsOf(existing);
    }

    @Test
    void joiningNeedsTheWholeClusterInTheFlags() {
        ClusterBootstrap cb = cluster(
                "a=http://10.0.0.1:2380,c=http://10.0.0.3:2380",
                "http://10.0.0.3:2380",
                ClusterBootstrap.State.EXISTING);
        List<ClusterMember> existing = List.of(Fixtures.started(1), Fixtures.started(2));
        // the last entry compared is the one with the greater derived ID
        String lastLocal = Long.compareUnsigned(cb.memberId("a"), cb.memberId("c")) > 0
                ? "http://10.0.0.1:2380"
                : "http://10.0.0.3:2380";
        assertThatThrownBy(() -> BootstrapPlans.join("c", cb, 0xfeed, existing))
                .hasMessage("error validating peerURLs {ClusterID:feed Members:["
                        + "&{ID:1 RaftAttributes:{PeerURLs:[http://10.0.0.1:2380] IsLearner:false}"
                        + " Attributes:{Name:m1 ClientURLs:[http://10.0.0.1:2379]}} "
                        + "&{ID:2 RaftAttributes:{PeerURLs:[http://10.0.0.2:2380] IsLearner:false}"
                        + " Attributes:{Name:m2 ClientURLs:[http://10.0.0.2:2379]}}"
                        + "] RemovedMemberIDs:[]}: PeerURLs: no match found for existing member"
                        + " (2, [http://10.0.0.2:2380]), last resolver error (\"http://10.0.0.2:2380\"(resolved from"
                        + " \"http://10.0.0.2:2380\") != \"" + lastLocal + "\"(resolved from \"" + lastLocal + "\"))");
        assertThatThrownBy(() -> BootstrapPlans.join("c", cb, 0xfeed, List.of(Fixtures.started(1))))
                .hasMessageEndingWith(": member count is unequal");
    }
}
