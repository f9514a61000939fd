package dev.cairn.server.rpc;

import dev.cairn.proto.health.v1.HealthCheckRequest;
import dev.cairn.proto.health.v1.HealthCheckResponse;
import dev.cairn.proto.health.v1.HealthCheckResponse.ServingStatus;
import dev.cairn.proto.health.v1.HealthGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The standard gRPC health service, as etcd serves it through grpc-go's health server: only the
 * server-wide name {@code ""} is known and it is SERVING. Check on any other name fails with
 * NOT_FOUND "unknown service"; Watch on any other name streams SERVICE_UNKNOWN. A Watch sends the
 * current status once and then stays open until the client goes away (the status never changes
 * yet).
 *
 * <p>Thread-safe and owns no threads: answers on the gRPC thread that delivered the request.
 */
final class HealthService extends HealthGrpc.HealthImplBase {
    /** The service name that stands for the whole server. */
    static final String SERVER = "";

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
        if (!SERVER.equals(request.getService())) {
            UnaryCalls.fail(
                    observer,
                    Status.NOT_FOUND.withDescription("unknown service").asRuntimeException());
            return;
        }
        UnaryCalls.complete(observer, response(ServingStatus.SERVING));
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
        ServingStatus status =
                SERVER.equals(request.getService()) ? ServingStatus.SERVING : ServingStatus.SERVICE_UNKNOWN;
        try {
            observer.onNext(response(status));
        } catch (RuntimeException e) {
            // The client went away already; grpc-java ends the call.
        }
    }

    private static HealthCheckResponse response(ServingStatus status) {
        return HealthCheckResponse.newBuilder().setStatus(status).build();
    }
}
