package dev.cairn.bench.load;

import dev.cairn.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * One LeaseKeepAlive stream that carries one keep-alive at a time for one lease, and completes
 * the caller's observer when the answer comes, so a {@link ClosedLoop} client can drive it like a
 * unary call. Not for concurrent {@link #send}s: its one client sends the next keep-alive only
 * after the last completed; the transport thread delivers answers.
 */
public final class KeepAliveStream implements StreamObserver<LeaseKeepAliveResponse> {
    private final LeaseKeepAliveRequest request;
    private final StreamObserver<LeaseKeepAliveRequest> requests;
    private volatile @Nullable StreamObserver<LeaseKeepAliveResponse> current;
    private volatile @Nullable Throwable failure;

    public KeepAliveStream(Channel channel, long leaseId) {
        this.request = LeaseKeepAliveRequest.newBuilder().setID(leaseId).build();
        this.requests = LeaseGrpc.newStub(channel).leaseKeepAlive(this);
    }

    /** Sends one keep-alive; {@code observer} completes with its answer or fails with the stream. */
    public void send(StreamObserver<LeaseKeepAliveResponse> observer) {
        Throwable failed = failure;
        if (failed != null) {
            observer.onError(failed);
            return;
        }
        current = observer;
        requests.onNext(request);
    }

    /** Half-closes the stream. */
    public void close() {
        if (failure == null) {
            requests.onCompleted();
        }
    }

    @Override
    public void onNext(LeaseKeepAliveResponse response) {
        StreamObserver<LeaseKeepAliveResponse> o = current;
        current = null;
        if (o == null) {
            return;
        }
        if (response.getTTL() <= 0) {
            o.onError(Status.NOT_FOUND
                    .withDescription("etcdserver: requested lease not found")
                    .asRuntimeException());
            return;
        }
        o.onNext(response);
        o.onCompleted();
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        StreamObserver<LeaseKeepAliveResponse> o = current;
        current = null;
        if (o != null) {
            o.onError(t);
        }
    }

    @Override
    public void onCompleted() {
        onError(Status.UNAVAILABLE.withDescription("keep-alive stream closed").asRuntimeException());
    }
}
