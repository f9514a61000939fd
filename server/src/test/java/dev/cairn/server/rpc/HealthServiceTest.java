package dev.cairn.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.health.v1.HealthCheckRequest;
import dev.cairn.proto.health.v1.HealthCheckResponse;
import dev.cairn.proto.health.v1.HealthCheckResponse.ServingStatus;
import dev.cairn.proto.health.v1.HealthGrpc;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grpc.health.v1 as grpc-go's health server answers it for etcd. */
class HealthServiceTest {
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

    @Test
    void checkOfTheServerIsServing() {
        HealthCheckResponse r = HealthGrpc.newBlockingStub(f.channel).check(request(""));
        assertThat(r.getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void checkOfAnUnknownServiceIsNotFound() {
        KvFixture.assertStatus(
                () -> HealthGrpc.newBlockingStub(f.channel).check(request("etcdserverpb.KV")),
                Status.Code.NOT_FOUND,
                "unknown service");
    }

    @Test
    void watchOfTheServerSendsServingAndStaysOpen() {
        Recorder recorder = watch("");
        assertThat(recorder.received).extracting(HealthCheckResponse::getStatus).containsExactly(ServingStatus.SERVING);
        assertThat(recorder.closed).isFalse();
        recorder.cancel();
    }

    @Test
    void watchOfAnUnknownServiceSendsServiceUnknownAndStaysOpen() {
        Recorder recorder = watch("nope");
        assertThat(recorder.received)
                .extracting(HealthCheckResponse::getStatus)
                .containsExactly(ServingStatus.SERVICE_UNKNOWN);
        assertThat(recorder.closed).isFalse();
        recorder.cancel();
    }

    private Recorder watch(String service) {
        Recorder recorder = new Recorder();
        HealthGrpc.newStub(f.channel).watch(request(service), recorder);
        return recorder;
    }

    private static HealthCheckRequest request(String service) {
        return HealthCheckRequest.newBuilder().setService(service).build();
    }

    /** Records a server stream; with direct executors every callback runs inside the call. */
    private static final class Recorder implements ClientResponseObserver<HealthCheckRequest, HealthCheckResponse> {
        final List<HealthCheckResponse> received = new ArrayList<>();
        boolean closed;
        private @Nullable ClientCallStreamObserver<HealthCheckRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(HealthCheckResponse value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            closed = true;
        }

        @Override
        public void onCompleted() {
            closed = true;
        }

        void cancel() {
            if (call != null) {
                call.cancel("test done", null);
            }
        }
    }
}
