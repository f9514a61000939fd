package dev.cairn.bench.command;

import com.google.protobuf.ByteString;
import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.ClosedLoop;
import dev.cairn.bench.load.Connections;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.load.Keys;
import dev.cairn.bench.load.RateLimiter;
import dev.cairn.bench.load.WatchStream;
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code watch} (etcd 3.4's): {@code --streams} streams of {@code --watch-per-stream} watches
 * over {@code --watched-key-total} keys, then {@code --put-total} puts to those keys from the
 * clients. Reports watch creation (each create's round trip; etcd's tool times only the local
 * call) and the events, each timed from its put's send to its arrival (etcd's tool times only the
 * hand-over inside the client).
 */
final class WatchCommand implements BenchCommand {
    private static final Spec SPEC = new Spec(
            "watch",
            "",
            "Benchmark watch",
            FlagSet.builder()
                    .intFlag("streams", 10, "Total watch streams")
                    .intFlag("watch-per-stream", 100, "Total watchers per stream")
                    .intFlag("watched-key-total", 1, "Total number of keys to be watched")
                    .intFlag("put-rate", 0, "Number of keys to put per second")
                    .intFlag("put-total", 1000, "Number of put requests")
                    .intFlag("key-size", 32, "Key size of watch request")
                    .intFlag("key-space-size", 1, "Maximum possible keys")
                    .boolFlag("sequential-keys", "Use sequential keys")
                    .build());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public JsonResult run(Session s, ParsedFlags f) throws UsageException, DialException, InterruptedException {
        int keySpace = Commands.positive(f, "key-space-size");
        int streamCount = Commands.positive(f, "streams");
        int perStream = Math.max(0, f.getInt("watch-per-stream"));
        int puts = Math.max(0, f.getInt("put-total"));
        int keySize = f.getInt("key-size");
        int grpcConns = Math.min(s.options().clients(), s.options().conns());
        int wanted = 1 + streamCount / 100;
        if (grpcConns < wanted) {
            s.out()
                    .printf(
                            "warning: grpc limits 100 streams per client connection, have %d but need %d%n",
                            grpcConns, wanted);
        }
        ByteString[] watched = new ByteString[Commands.positive(f, "watched-key-total")];
        for (int i = 0; i < watched.length; i++) {
            long n = f.getBool("sequential-keys")
                    ? i % keySpace
                    : ThreadLocalRandom.current().nextInt(keySpace);
            watched[i] = Keys.key(n, keySize);
        }
        Map<ByteString, Integer> watchers = new HashMap<>();
        for (int w = 0; w < streamCount * perStream; w++) {
            watchers.merge(watched[w % watched.length], 1, Integer::sum);
        }
        long expected = 0;
        for (int i = 0; i < puts; i++) {
            expected += watchers.getOrDefault(watched[i % watched.length], 0);
        }

        Connections conns = s.connect();
        WatchStream[] streams = Watchers.open(s, conns, streamCount);
        EventLatencies events = new EventLatencies(puts, expected, s.bar(), s.ticker());
        s.bar().start((long) streamCount * perStream);
        LatencyStats creation = Watchers.create(
                s,
                streams,
                perStream,
                new Watchers.Plan() {
                    @Override
                    public WatchCreateRequest request(int stream, int j) {
                        ByteString key = watched[(stream * perStream + j) % watched.length];
                        return WatchCreateRequest.newBuilder().setKey(key).build();
                    }

                    @Override
                    public WatchStream.Handler handler(int stream, int j) {
                        return events.handler();
                    }
                },
                s.bar());
        s.bar().finish();
        s.out().print("Watch creation summary:\n" + s.summary(creation));

        KVGrpc.KVStub[] stubs = Commands.perClient(s, i -> KVGrpc.newStub(conns.forClient(i)));
        LatencyRecorder putLatencies = new LatencyRecorder(puts);
        ClosedLoop loop = new ClosedLoop(
                s.options().clients(),
                puts,
                new RateLimiter(f.getInt("put-rate"), 1),
                ProgressBar.off(),
                s.ticker(),
                putLatencies);
        s.bar().start(expected);
        loop.<PutResponse>run((client, seq, observer) -> {
            PutRequest req = PutRequest.newBuilder()
                    .setKey(watched[(int) (seq % watched.length)])
                    .setValue(EventLatencies.value(seq, 8, ByteString.EMPTY))
                    .build();
            events.sent(seq);
            stubs[client].put(req, observer);
        });
        LatencyStats received = events.await();
        s.bar().finish();
        Watchers.close(streams);
        s.out().print("Watch events received summary:\n" + s.summary(received));
        return s.result(SPEC.name(), creation, received);
    }
}
