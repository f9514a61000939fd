package dev.cairn.bench.command;

import com.google.protobuf.ByteString;
import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.Connections;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.load.GrpcErrors;
import dev.cairn.bench.load.Keys;
import dev.cairn.bench.load.RateLimiter;
import dev.cairn.bench.load.WatchStream;
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code watch-latency} (etcd 3.5's flags): {@code --streams} streams of
 * {@code --watchers-per-stream} watchers on one key, then {@code --put-total} puts to it, one at
 * a time at {@code --put-rate} (burst of a second's worth) on a connection of their own. Reports
 * the puts and, per watcher and put, the time from the put's send to the event's arrival.
 */
final class WatchLatencyCommand implements BenchCommand {
    private static final Spec SPEC = new Spec(
            "watch-latency",
            "",
            "Benchmark watch latency",
            FlagSet.builder()
                    .intFlag("streams", 10, "Total watch streams")
                    .intFlag("watchers-per-stream", 10, "Total watchers per stream")
                    .intFlag("put-total", 1000, "Total number of put requests")
                    .intFlag("put-rate", 100, "Number of keys to put per second")
                    .intFlag("key-size", 32, "Key size of watch response")
                    .intFlag("val-size", 32, "Value size of watch response")
                    .build());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public JsonResult run(Session s, ParsedFlags f) throws UsageException, DialException, InterruptedException {
        int streamCount = Commands.positive(f, "streams");
        int perStream = Math.max(0, f.getInt("watchers-per-stream"));
        int puts = Math.max(0, f.getInt("put-total"));
        int rate = f.getInt("put-rate");
        SecureRandom random = new SecureRandom();
        ByteString key = Keys.randomBytes(Math.max(1, f.getInt("key-size")), random);
        ByteString filler = Keys.randomBytes(Math.max(8, f.getInt("val-size")), random);
        long expected = (long) puts * streamCount * perStream;

        Connections conns = s.connect();
        WatchStream[] streams = Watchers.open(s, conns, streamCount);
        EventLatencies events = new EventLatencies(puts, expected, s.bar(), s.ticker());
        WatchCreateRequest create = WatchCreateRequest.newBuilder().setKey(key).build();
        LatencyStats creation = Watchers.create(
                s,
                streams,
                perStream,
                new Watchers.Plan() {
                    @Override
                    public WatchCreateRequest request(int stream, int j) {
                        return create;
                    }

                    @Override
                    public WatchStream.Handler handler(int stream, int j) {
                        return events.handler();
                    }
                },
                ProgressBar.off());
        if (creation.errors() > 0) {
            s.out().print("Watch creation summary:\n" + s.summary(creation));
        }

        KVGrpc.KVBlockingStub put = KVGrpc.newBlockingStub(s.connect(1).forClient(0));
        RateLimiter limiter = new RateLimiter(rate, rate);
        LatencyRecorder putLatencies = new LatencyRecorder(puts);
        s.bar().start(expected);
        long start = s.ticker().nanoTime();
        for (int i = 0; i < puts; i++) {
            long wait = limiter.reserve(s.ticker().nanoTime());
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            PutRequest req = PutRequest.newBuilder()
                    .setKey(key)
                    .setValue(EventLatencies.value(i, filler.size(), filler))
                    .build();
            long t0 = s.ticker().nanoTime();
            events.sent(i);
            try {
                put.put(req);
                putLatencies.record(s.ticker().nanoTime() - t0);
            } catch (StatusRuntimeException e) {
                putLatencies.error(GrpcErrors.describe(e));
            }
        }
        LatencyStats putStats = putLatencies.stats(s.ticker().nanoTime() - start);
        LatencyStats received = events.await();
        s.bar().finish();
        Watchers.close(streams);
        s.out().print("\nPut summary:\n" + s.summary(putStats));
        s.out().print("\nWatch events summary:\n" + s.summary(received));
        return s.result(SPEC.name(), putStats, received);
    }
}
