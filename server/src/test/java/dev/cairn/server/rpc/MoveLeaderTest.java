package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.KvFixture.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.MoveLeaderRequest;
import dev.cairn.proto.etcdserverpb.MoveLeaderResponse;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import dev.cairn.proto.etcdserverpb.StatusResponse;
import dev.cairn.server.membership.ClusterMember;
import dev.cairn.server.membership.MemberSet;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance.MoveLeader and the raft fields of Maintenance.Status on a raft member. */
class MoveLeaderTest {
    @TempDir
    Path dir;

    ClusterFixture f;

    @BeforeEach
    void start() {
        f = new ClusterFixture(
                dir,
                MemberSet.of(
                        List.of(
                                ClusterServiceTest.started(1),
                                ClusterServiceTest.started(2),
                                new ClusterMember(3, "m3", List.of("http://10.0.0.3:2380"), List.of(), true)),
                        List.of()));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static MoveLeaderRequest to(long id) {
        return MoveLeaderRequest.newBuilder().setTargetID(id).build();
    }

    @Test
    void theLeaderHandsOverToAVoter() {
        MoveLeaderResponse r = f.maintenance.moveLeader(to(2));
        assertThat(r.getHeader().getClusterId()).isEqualTo(ClusterFixture.CLUSTER_ID);
        assertThat(r.getHeader().getMemberId()).isEqualTo(ClusterFixture.SELF);
        assertThat(r.getHeader().getRaftTerm()).isEqualTo(ClusterFixture.TERM);
        assertThat(f.transfers).containsExactly(2L);
        assertThat(f.transferTimeouts).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aClientDeadlineShortensTheWait() {
        f.maintenance.withDeadlineAfter(2, TimeUnit.SECONDS).moveLeader(to(2));
        assertThat(f.transferTimeouts.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesWhatEtcdRefuses() {
        assertStatus(
                () -> f.maintenance.moveLeader(to(3)),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: bad leader transferee");
        assertStatus(
                () -> f.maintenance.moveLeader(to(9)),
                Status.Code.FAILED_PRECONDITION,
                "etcdserver: bad leader transferee");
        f.transferTimesOut = true;
        assertStatus(
                () -> f.maintenance.moveLeader(to(2)),
                Status.Code.UNKNOWN,
                "etcdserver: request timed out, leader transfer took too long");
        f.follows(2);
        assertStatus(() -> f.maintenance.moveLeader(to(2)), Status.Code.FAILED_PRECONDITION, "etcdserver: not leader");
        assertThat(f.transfers).containsExactly(2L);
    }

    @Test
    void statusReportsTheRaftFields() {
        StatusResponse s = f.maintenance.status(StatusRequest.getDefaultInstance());
        assertThat(s.getLeader()).isEqualTo(ClusterFixture.SELF);
        assertThat(s.getRaftTerm()).isEqualTo(ClusterFixture.TERM);
        assertThat(s.getRaftIndex()).isEqualTo(100);
        assertThat(s.getRaftAppliedIndex()).isEqualTo(99);
        assertThat(s.getIsLearner()).isFalse();
        assertThat(s.getErrorsList()).isEmpty();
        assertThat(s.getHeader().getRaftTerm()).isEqualTo(ClusterFixture.TERM);
    }

    @Test
    void statusWithoutALeaderSaysSo() {
        f.follows(0);
        StatusResponse s = f.maintenance.status(StatusRequest.getDefaultInstance());
        assertThat(s.getLeader()).isZero();
        assertThat(s.getErrorsList()).containsExactly("etcdserver: no leader");
    }
}
