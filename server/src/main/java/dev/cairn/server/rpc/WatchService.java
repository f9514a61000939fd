package dev.cairn.server.rpc;

import dev.cairn.proto.etcdserverpb.ResponseHeader;
import dev.cairn.proto.etcdserverpb.WatchGrpc;
import dev.cairn.proto.etcdserverpb.WatchRequest;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.server.watch.ResponseSink;
import dev.cairn.server.watch.WatchHub;
import dev.cairn.server.watch.WatchStream;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's Watch service over the {@link WatchHub}: one hub stream per gRPC call. Inbound requests
 * are read one at a time when the hub asks (so a client that floods creates without reading
 * responses stops being read); outbound responses go out only while the call is ready.
 *
 * <p>Thread-safe and owns no threads: requests are posted to the hub thread, which also sends every
 * response.
 */
final class WatchService extends WatchGrpc.WatchImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(WatchService.class);

    private final WatchHub hub;
    private final Headers headers;

    WatchService(WatchHub hub, Headers headers) {
        this.hub = hub;
        this.headers = headers;
    }

    @Override
    public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> observer) {
        ServerCallStreamObserver<WatchResponse> call = (ServerCallStreamObserver<WatchResponse>) observer;
        call.disableAutoRequest();
        WatchStream stream = hub.openStream(new Sink(call, headers));
        call.setOnReadyHandler(stream::onReady);
        call.setOnCancelHandler(stream::onClientGone);
        return new StreamObserver<>() {
            @Override
            public void onNext(WatchRequest request) {
                stream.onRequest(request);
            }

            @Override
            public void onError(Throwable t) {
                stream.onClientGone();
            }

            @Override
            public void onCompleted() {
                // etcd keeps serving a half-closed watch stream until the client cancels it
            }
        };
    }

    /** The gRPC call as the hub's sink; used on the hub thread. */
    private record Sink(ServerCallStreamObserver<WatchResponse> call, Headers headers) implements ResponseSink {
        @Override
        public ResponseHeader header(long revision) {
            return headers.withRevision(revision);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void send(WatchResponse response) {
            try {
                call.onNext(response);
            } catch (RuntimeException e) {
                LOG.debug("watch response not sent; the call is gone", e);
            }
        }

        @Override
        public void requestNext() {
            call.request(1);
        }

        @Override
        public void end(Throwable cause) {
            try {
                call.onError(ErrorMapping.toStatus(cause));
            } catch (RuntimeException e) {
                LOG.debug("watch stream end not sent; the call is gone", e);
            }
        }
    }
}
