package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.proto.etcdserverpb.LeaseKeepAliveResponse;
import dev.cairn.proto.etcdserverpb.LeaseLeasesRequest;
import dev.cairn.proto.etcdserverpb.LeaseLeasesResponse;
import dev.cairn.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.proto.etcdserverpb.LeaseStatus;
import dev.cairn.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.server.lease.Lessor;
import dev.cairn.server.lease.TimeToLive;
import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.ReadView;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's Lease service over the {@link Lessor}. Unknown leases answer as etcd does: keep-alive
 * with TTL 0 and time-to-live with TTL -1, both without an error; revoke with NOT_FOUND.
 *
 * <p>Thread-safe and owns no threads: grants and revokes are proposals, answered on the thread
 * that finished their apply on this member (the store's completer thread), everything else on the
 * gRPC thread that delivered the request. A keep-alive on a member that does not lead ends its
 * stream with the lessor's NotPrimary error until the raft layer forwards keep-alives. A keep-alive stream's responses are sent from its inbound observer, which gRPC calls
 * serially.
 */
final class LeaseService extends LeaseGrpc.LeaseImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseService.class);

    private final Lessor lessor;
    private final MvccStore store;
    private final Headers headers;

    LeaseService(Lessor lessor, MvccStore store, Headers headers) {
        this.lessor = lessor;
        this.store = store;
        this.headers = headers;
    }

    @Override
    public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
        UnaryCalls.answer(
                () -> lessor.grant(request.getID(), request.getTTL())
                        .thenApply(g -> LeaseGrantResponse.newBuilder()
                                .setHeader(headers.withRevision(g.revision()))
                                .setID(g.id())
                                .setTTL(g.ttl())
                                .build()),
                observer,
                UnaryOperator.identity());
    }

    @Override
    public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
        UnaryCalls.answer(
                () -> lessor.revoke(request.getID())
                        .thenApply(revision -> LeaseRevokeResponse.newBuilder()
                                .setHeader(headers.withRevision(revision))
                                .build()),
                observer,
                UnaryOperator.identity());
    }

    @Override
    public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> responses) {
        return new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveRequest request) {
                LeaseKeepAliveResponse response;
                try {
                    // etcd fills the header before it renews.
                    var header = headers.withRevision(currentRevision());
                    long ttl = lessor.renew(request.getID());
                    response = LeaseKeepAliveResponse.newBuilder()
                            .setHeader(header)
                            .setID(request.getID())
                            .setTTL(ttl)
                            .build();
                } catch (RuntimeException e) {
                    UnaryCalls.fail(responses, e);
                    return;
                }
                try {
                    responses.onNext(response);
                } catch (RuntimeException e) {
                    LOG.debug("could not send a keep-alive response", e);
                }
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; nothing to answer.
            }

            @Override
            public void onCompleted() {
                try {
                    responses.onCompleted();
                } catch (RuntimeException e) {
                    LOG.debug("could not close a keep-alive stream", e);
                }
            }
        };
    }

    @Override
    public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
        UnaryCalls.answer(
                () -> CompletableFuture.completedFuture(timeToLive(request)), observer, UnaryOperator.identity());
    }

    @Override
    public void leaseLeases(LeaseLeasesRequest request, StreamObserver<LeaseLeasesResponse> observer) {
        UnaryCalls.answer(
                () -> {
                    LeaseLeasesResponse.Builder b = LeaseLeasesResponse.newBuilder();
                    lessor.leases()
                            .forEach(id -> b.addLeases(LeaseStatus.newBuilder().setID(id)));
                    return CompletableFuture.completedFuture(
                            b.setHeader(headers.withRevision(currentRevision())).build());
                },
                observer,
                UnaryOperator.identity());
    }

    private LeaseTimeToLiveResponse timeToLive(LeaseTimeToLiveRequest request) {
        Optional<TimeToLive> found = lessor.timeToLive(request.getID(), request.getKeys());
        if (found.isEmpty()) {
            return LeaseTimeToLiveResponse.newBuilder()
                    .setHeader(headers.withRevision(currentRevision()))
                    .setID(request.getID())
                    .setTTL(-1)
                    .build();
        }
        TimeToLive t = found.get();
        return LeaseTimeToLiveResponse.newBuilder()
                .setHeader(headers.withRevision(t.revision()))
                .setID(t.id())
                .setTTL(t.remainingSeconds())
                .setGrantedTTL(t.grantedTtl())
                .addAllKeys(t.keys())
                .build();
    }

    private long currentRevision() {
        try (ReadView view = store.read()) {
            return view.currentRevision();
        }
    }
}
