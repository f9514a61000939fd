package dev.cairn.bench.load;

import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.bench.time.Ticker;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warms the JVM up before a measurement without touching the measured server: the client's gRPC,
 * Netty and load-loop code runs {@code requests} puts, ranges and txns against a stand-in KV
 * service in this process on a loopback port, over the same kind of connections, so the timed run
 * starts with compiled code as a Go client does. The stand-in answers empty responses; its
 * server and the channels are shut down before returning. Runs on the caller's thread.
 */
public final class Warmup {
    private Warmup() {}

    public static void run(long requests, int conns, int clients) throws IOException, InterruptedException {
        if (requests <= 0) {
            return;
        }
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .directExecutor()
                .addService(new StandIn())
                .build()
                .start();
        try (Connections c = Connections.open(
                List.of(new Endpoint("127.0.0.1", server.getPort(), false)),
                conns,
                TlsOptions.none(),
                java.time.Duration.ZERO)) {
            KVGrpc.KVStub[] stubs = new KVGrpc.KVStub[Math.max(1, clients)];
            for (int i = 0; i < stubs.length; i++) {
                stubs[i] = KVGrpc.newStub(c.forClient(i));
            }
            RangeRequest range = RangeRequest.newBuilder()
                    .setKey(Keys.key(1, 8))
                    .setSerializable(true)
                    .build();
            new ClosedLoop(
                            clients,
                            requests,
                            RateLimiter.unlimited(),
                            ProgressBar.off(),
                            Ticker.SYSTEM,
                            new LatencyRecorder(1024))
                    .run((client, seq, observer) -> {
                        switch ((int) (seq & 3)) {
                            case 0, 1 ->
                                stubs[client].put(
                                        PutRequest.newBuilder()
                                                .setKey(Keys.key(seq, 8))
                                                .setValue(range.getKey())
                                                .build(),
                                        cast(observer));
                            case 2 -> stubs[client].range(range, cast(observer));
                            default ->
                                stubs[client].txn(
                                        TxnRequest.newBuilder()
                                                .addSuccess(RequestOp.newBuilder()
                                                        .setRequestPut(PutRequest.newBuilder()
                                                                .setKey(Keys.key(seq, 8))))
                                                .build(),
                                        cast(observer));
                        }
                    });
        } catch (Connections.DialException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> StreamObserver<T> cast(StreamObserver<?> o) {
        return (StreamObserver<T>) o;
    }

    /** Empty answers to put, range and txn. */
    private static final class StandIn extends KVGrpc.KVImplBase {
        @Override
        public void put(PutRequest request, StreamObserver<PutResponse> out) {
            out.onNext(PutResponse.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void range(RangeRequest request, StreamObserver<RangeResponse> out) {
            out.onNext(RangeResponse.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void txn(TxnRequest request, StreamObserver<TxnResponse> out) {
            out.onNext(TxnResponse.newBuilder().setSucceeded(true).build());
            out.onCompleted();
        }
    }
}
