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
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code txn-mixed key [end-range]} (etcd 3.5's): transactions that either read the range
 * (limit {@code --limit}) or put one random key of the key space, {@code --rw-ratio} reads per
 * write. Prints a read and a write summary; the JSON result covers both.
 */
final class TxnMixedCommand implements BenchCommand {
    private static final int READ = 0;
    private static final int WRITE = 1;
    private static final Spec SPEC = new Spec(
            "txn-mixed",
            "key [end-range]",
            "Benchmark a mixed load of txn-put & txn-range.",
            FlagSet.builder()
                    .intFlag("total", 10000, "Total number of txn requests")
                    .intFlag("key-size", 8, "Key size of txn put")
                    .intFlag("val-size", 8, "Value size of txn put")
                    .stringFlag("rw-ratio", "1", "Read/write ops ratio")
                    .stringFlag("consistency", "l", "Linearizable(l) or Serializable(s)")
                    .intFlag("limit", 1000, "Read operation range result limit")
                    .intFlag("rate", 0, "Maximum txns per second (0 is no limit)")
                    .intFlag("key-space-size", 1, "Maximum possible keys")
                    .build());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public JsonResult run(Session s, ParsedFlags f) throws UsageException, DialException, InterruptedException {
        ByteString[] range = Commands.keyRange(f, "txn-mixed key [end-range]", false);
        boolean serializable = RangeCommand.serializable(f);
        int keySpace = Commands.positive(f, "key-space-size");
        int keySize = f.getInt("key-size");
        int total = Math.max(0, f.getInt("total"));
        double ratio = rwRatio(f);
        double readFraction = ratio / (1 + ratio);
        long seed = new SecureRandom().nextLong();
        ByteString value = Keys.randomBytes(Math.max(0, f.getInt("val-size")), new SecureRandom());
        TxnRequest read = TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder()
                        .setRequestRange(RangeRequest.newBuilder()
                                .setKey(range[0])
                                .setRangeEnd(range[1])
                                .setLimit(Math.max(0, f.getLong("limit")))
                                .setSerializable(serializable)))
                .build();
        Connections conns = s.connect();
        KVGrpc.KVStub[] stubs = Commands.perClient(s, i -> KVGrpc.newStub(conns.forClient(i)));
        LatencyRecorder reads = new LatencyRecorder(total);
        LatencyRecorder writes = new LatencyRecorder(total);
        ClosedLoop loop = new ClosedLoop(
                s.options().clients(), total, new RateLimiter(f.getInt("rate"), 1), s.bar(), s.ticker(), reads, writes);
        s.bar().start(total);
        long elapsed = loop.run(new ClosedLoop.Sender<TxnResponse>() {
            @Override
            public void send(int client, long seq, StreamObserver<TxnResponse> observer) {
                TxnRequest txn = read;
                if (kind(seq) == WRITE) {
                    long n = ThreadLocalRandom.current().nextInt(keySpace);
                    txn = TxnRequest.newBuilder()
                            .addSuccess(RequestOp.newBuilder()
                                    .setRequestPut(PutRequest.newBuilder()
                                            .setKey(Keys.key(n, keySize))
                                            .setValue(value)))
                            .build();
                }
                stubs[client].txn(txn, observer);
            }

            @Override
            public int kind(long seq) {
                return unitInterval(seed + seq) < readFraction ? READ : WRITE;
            }
        });
        s.bar().finish();
        LatencyStats readStats = reads.stats(elapsed);
        LatencyStats writeStats = writes.stats(elapsed);
        s.out().println(serializable ? "bench with serializable range" : "bench with linearizable range");
        s.out().print("Read summary:" + s.summary(readStats));
        s.out().print("\nWrite summary:" + s.summary(writeStats));
        return s.result(SPEC.name(), LatencyStats.merge(readStats, writeStats), null);
    }

    private static double rwRatio(ParsedFlags f) throws UsageException {
        try {
            double r = Double.parseDouble(f.getString("rw-ratio"));
            if (r < 0 || Double.isNaN(r) || Double.isInfinite(r)) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid argument \"" + f.getString("rw-ratio") + "\" for \"--rw-ratio\" flag");
        }
    }

    /** A uniform double in [0, 1) from {@code x}, by SplitMix64's finaliser (so kinds are reproducible per seed). */
    static double unitInterval(long x) {
        long z = x * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
