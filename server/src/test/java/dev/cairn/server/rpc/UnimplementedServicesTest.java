package dev.cairn.server.rpc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.proto.etcdserverpb.AlarmRequest;
import dev.cairn.proto.etcdserverpb.AuthGrpc;
import dev.cairn.proto.etcdserverpb.AuthStatusRequest;
import dev.cairn.proto.etcdserverpb.ClusterGrpc;
import dev.cairn.proto.etcdserverpb.DefragmentRequest;
import dev.cairn.proto.etcdserverpb.HashKVRequest;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.proto.etcdserverpb.MemberListRequest;
import dev.cairn.proto.etcdserverpb.SnapshotRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Services and RPCs not built yet answer UNIMPLEMENTED. */
class UnimplementedServicesTest {
    @TempDir
    Path dir;

    KvFixture f;

    @BeforeEach
    void start() {
        f = new KvFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void answersUnimplemented(String name, Consumer<ManagedChannel> call) {
        assertThatThrownBy(() -> call.accept(f.channel))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(
                                        e.getStatus().getCode())
                                .isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                a("KV.RangeStream", ch -> drain(KVGrpc.newBlockingStub(ch).rangeStream(Ops.getReq("a")))),
                a(
                        "Cluster.MemberList",
                        ch -> ClusterGrpc.newBlockingStub(ch).memberList(MemberListRequest.getDefaultInstance())),
                a(
                        "Auth.AuthStatus",
                        ch -> AuthGrpc.newBlockingStub(ch).authStatus(AuthStatusRequest.getDefaultInstance())),
                a(
                        "Maintenance.Alarm",
                        ch -> MaintenanceGrpc.newBlockingStub(ch).alarm(AlarmRequest.getDefaultInstance())),
                a(
                        "Maintenance.Defragment",
                        ch -> MaintenanceGrpc.newBlockingStub(ch).defragment(DefragmentRequest.getDefaultInstance())),
                a(
                        "Maintenance.HashKV",
                        ch -> MaintenanceGrpc.newBlockingStub(ch).hashKV(HashKVRequest.getDefaultInstance())),
                a(
                        "Maintenance.Snapshot",
                        ch -> drain(
                                MaintenanceGrpc.newBlockingStub(ch).snapshot(SnapshotRequest.getDefaultInstance()))));
    }

    /** A bidi call: with direct executors the server's answer arrives inside the call. */
    private static void drain(java.util.Iterator<?> stream) {
        stream.forEachRemaining(message -> {});
    }

    private static Arguments a(String name, Consumer<ManagedChannel> call) {
        return Arguments.of(name, call);
    }
}
