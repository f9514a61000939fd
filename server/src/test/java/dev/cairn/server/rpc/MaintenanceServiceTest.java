package dev.cairn.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.CompactionRequest;
import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.StatusRequest;
import dev.cairn.proto.etcdserverpb.StatusResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance.Status of a single member. */
class MaintenanceServiceTest {
    @TempDir
    Path dir;

    KvFixture f;
    MaintenanceGrpc.MaintenanceBlockingStub maintenance;

    @BeforeEach
    void start() {
        f = new KvFixture(dir);
        maintenance = MaintenanceGrpc.newBlockingStub(f.channel);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void statusDescribesASingleMemberThatLeadsItself() {
        StatusResponse s = maintenance.status(StatusRequest.getDefaultInstance());
        KvFixture.assertHeader(s.getHeader(), 1);
        assertThat(s.getVersion()).isEqualTo("3.6.14");
        assertThat(s.getStorageVersion()).isEqualTo("3.6.0");
        assertThat(s.getLeader()).isEqualTo(KvFixture.MEMBER_ID);
        assertThat(s.getRaftTerm()).isEqualTo(1);
        assertThat(s.getRaftIndex()).isEqualTo(1);
        assertThat(s.getRaftAppliedIndex()).isEqualTo(1);
        assertThat(s.getIsLearner()).isFalse();
        assertThat(s.getDbSizeQuota()).isEqualTo(2_147_483_648L);
        assertThat(s.getDbSize()).isPositive();
        assertThat(s.getDbSizeInUse()).isNotNegative();
        assertThat(s.getErrorsList()).isEmpty();
        assertThat(s.hasDowngradeInfo()).isFalse();
    }

    @Test
    void indexCountsAppliedWriteRequestsAndHeaderFollowsTheRevision() {
        f.put("a", "1");
        f.put("a", "2");
        f.kv.deleteRange(Ops.delReq("missing"));
        f.kv.compact(CompactionRequest.newBuilder().setRevision(2).build());
        f.get("a");
        StatusResponse s = maintenance.status(StatusRequest.getDefaultInstance());
        assertThat(s.getRaftIndex()).isEqualTo(5);
        assertThat(s.getRaftAppliedIndex()).isEqualTo(5);
        KvFixture.assertHeader(s.getHeader(), 3);
    }

    @Test
    void requestsRejectedBeforeTheStoreDoNotCount() {
        KvFixture.assertStatus(
                () -> f.put("", "1"), io.grpc.Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
        assertThat(maintenance.status(StatusRequest.getDefaultInstance()).getRaftIndex())
                .isEqualTo(1);
    }
}
