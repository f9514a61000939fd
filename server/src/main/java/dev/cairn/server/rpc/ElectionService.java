package dev.cairn.server.rpc;

import dev.cairn.proto.v3electionpb.CampaignRequest;
import dev.cairn.proto.v3electionpb.CampaignResponse;
import dev.cairn.proto.v3electionpb.ElectionGrpc;
import dev.cairn.proto.v3electionpb.LeaderRequest;
import dev.cairn.proto.v3electionpb.LeaderResponse;
import dev.cairn.proto.v3electionpb.ProclaimRequest;
import dev.cairn.proto.v3electionpb.ProclaimResponse;
import dev.cairn.proto.v3electionpb.ResignRequest;
import dev.cairn.proto.v3electionpb.ResignResponse;
import dev.cairn.server.election.Elections;
import dev.cairn.server.election.LeaderSink;
import dev.cairn.server.election.Observation;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's v3election service over {@link Elections}. A Campaign that waits for its turn holds no
 * thread: it is answered from the election thread; a client cancel (or deadline) cancels it, which
 * resigns its key. Observe streams until the client cancels.
 *
 * <p>Thread-safe and owns no threads: answers go out on the store's completer thread, the
 * election thread, or the gRPC thread that delivered the request.
 */
final class ElectionService extends ElectionGrpc.ElectionImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionService.class);

    private final Elections elections;
    private final Headers headers;

    ElectionService(Elections elections, Headers headers) {
        this.elections = elections;
        this.headers = headers;
    }

    @Override
    public void campaign(CampaignRequest request, StreamObserver<CampaignResponse> observer) {
        CompletableFuture<CampaignResponse> campaign = elections.campaign(request);
        ((ServerCallStreamObserver<CampaignResponse>) observer).setOnCancelHandler(() -> campaign.cancel(false));
        UnaryCalls.answer(
                () -> campaign,
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    @Override
    public void proclaim(ProclaimRequest request, StreamObserver<ProclaimResponse> observer) {
        UnaryCalls.answer(
                () -> elections.proclaim(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    @Override
    public void leader(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
        UnaryCalls.answer(
                () -> elections.leader(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    @Override
    public void observe(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
        ServerCallStreamObserver<LeaderResponse> call = (ServerCallStreamObserver<LeaderResponse>) observer;
        AtomicReference<Observation> started = new AtomicReference<>();
        call.setOnCancelHandler(() -> {
            Observation o = started.get();
            if (o != null) {
                o.cancel();
            }
        });
        Observation observation = elections.observe(request, new Sink(call, headers));
        started.set(observation);
        if (call.isCancelled()) {
            observation.cancel();
        }
    }

    @Override
    public void resign(ResignRequest request, StreamObserver<ResignResponse> observer) {
        UnaryCalls.answer(
                () -> elections.resign(request),
                observer,
                r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build());
    }

    /** The Observe call as the observation's sink; used on the election thread. */
    private record Sink(ServerCallStreamObserver<LeaderResponse> call, Headers headers) implements LeaderSink {
        @Override
        public void leader(LeaderResponse response) {
            try {
                call.onNext(response.toBuilder()
                        .setHeader(headers.fill(response.getHeader()))
                        .build());
            } catch (RuntimeException e) {
                LOG.debug("observe response not sent; the call is gone", e);
            }
        }

        @Override
        public void failed(Throwable cause) {
            UnaryCalls.fail(call, cause);
        }
    }
}
