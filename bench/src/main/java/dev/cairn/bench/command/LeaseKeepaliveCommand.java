package dev.cairn.bench.command;

import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.Connections;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.load.GrpcErrors;
import dev.cairn.bench.load.KeepAliveStream;
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.grpc.StatusRuntimeException;

/**
 * {@code lease-keepalive}: every client grants itself a lease (TTL 100 s) and sends keep-alives
 * for it one at a time. Unlike etcd's tool, which opens a new stream per keep-alive
 * ({@code KeepAliveOnce}), each client keeps one LeaseKeepAlive stream open, as a real client
 * does, so the figure is the keep-alive round trip without stream set-up.
 */
final class LeaseKeepaliveCommand implements BenchCommand {
    private static final Spec SPEC = new Spec(
            "lease-keepalive",
            "",
            "Benchmark lease keepalive",
            FlagSet.builder()
                    .intFlag("total", 10000, "Total number of lease keepalive requests")
                    .build());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public JsonResult run(Session s, ParsedFlags f) throws UsageException, DialException, InterruptedException {
        int total = Math.max(0, f.getInt("total"));
        Connections conns = s.connect();
        KeepAliveStream[] streams;
        try {
            streams = Commands.perClient(s, i -> {
                long id = LeaseGrpc.newBlockingStub(conns.forClient(i))
                        .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(100).build())
                        .getID();
                return new KeepAliveStream(conns.forClient(i), id);
            });
        } catch (StatusRuntimeException e) {
            throw new DialException("cannot grant a lease: " + GrpcErrors.describe(e));
        }
        LatencyStats stats = Commands.<LeaseKeepAliveResponse>closedLoop(
                s, total, 0, (client, seq, observer) -> streams[client].send(observer));
        for (KeepAliveStream k : streams) {
            k.close();
        }
        s.out().print(s.summary(stats));
        return s.result(SPEC.name(), stats, null);
    }
}
