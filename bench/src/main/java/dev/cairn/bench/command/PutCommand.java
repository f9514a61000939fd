package dev.cairn.bench.command;

import com.google.protobuf.ByteString;
import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.Connections;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.load.Keys;
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/** {@code put}: puts of {@code --val-size} random bytes under keys drawn from the key space. */
final class PutCommand implements BenchCommand {
    private static final Spec SPEC = new Spec(
            "put",
            "",
            "Benchmark put",
            FlagSet.builder()
                    .intFlag("key-size", 8, "Key size of put request")
                    .intFlag("val-size", 8, "Value size of put request")
                    .intFlag("rate", 0, "Maximum puts per second (0 is no limit)")
                    .intFlag("total", 10000, "Total number of put requests")
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
        int keySize = f.getInt("key-size");
        int total = Math.max(0, f.getInt("total"));
        boolean sequential = f.getBool("sequential-keys");
        ByteString value = Keys.randomBytes(Math.max(0, f.getInt("val-size")), new SecureRandom());
        Connections conns = s.connect();
        KVGrpc.KVStub[] stubs = Commands.perClient(s, i -> KVGrpc.newStub(conns.forClient(i)));
        LatencyStats stats = Commands.<PutResponse>closedLoop(s, total, f.getInt("rate"), (client, seq, observer) -> {
            long n = sequential ? seq % keySpace : ThreadLocalRandom.current().nextInt(keySpace);
            PutRequest req = PutRequest.newBuilder()
                    .setKey(Keys.key(n, keySize))
                    .setValue(value)
                    .build();
            stubs[client].put(req, observer);
        });
        s.out().println(s.summary(stats));
        return s.result(SPEC.name(), stats, null);
    }
}
