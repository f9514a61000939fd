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
import dev.cairn.proto.etcdserverpb.RequestOp;
import dev.cairn.proto.etcdserverpb.TxnRequest;
import dev.cairn.proto.etcdserverpb.TxnResponse;
import java.security.SecureRandom;

/**
 * {@code txn-put}: transactions of {@code --txn-ops} unconditional puts; txn {@code i} writes
 * keys {@code i * ops + j} modulo the key space, as etcd's tool does.
 */
final class TxnPutCommand implements BenchCommand {
    private static final Spec SPEC = new Spec(
            "txn-put",
            "",
            "Benchmark txn-put",
            FlagSet.builder()
                    .intFlag("key-size", 8, "Key size of txn put")
                    .intFlag("val-size", 8, "Value size of txn put")
                    .intFlag("txn-ops", 1, "Number of puts per txn")
                    .intFlag("rate", 0, "Maximum txns per second (0 is no limit)")
                    .intFlag("total", 10000, "Total number of txn requests")
                    .intFlag("key-space-size", 1, "Maximum possible keys")
                    .build());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public JsonResult run(Session s, ParsedFlags f) throws UsageException, DialException, InterruptedException {
        int keySpace = Commands.positive(f, "key-space-size");
        int ops = Commands.positive(f, "txn-ops");
        int keySize = f.getInt("key-size");
        int total = Math.max(0, f.getInt("total"));
        ByteString value = Keys.randomBytes(Math.max(0, f.getInt("val-size")), new SecureRandom());
        Connections conns = s.connect();
        KVGrpc.KVStub[] stubs = Commands.perClient(s, i -> KVGrpc.newStub(conns.forClient(i)));
        LatencyStats stats = Commands.<TxnResponse>closedLoop(s, total, f.getInt("rate"), (client, seq, observer) -> {
            TxnRequest.Builder txn = TxnRequest.newBuilder();
            for (int j = 0; j < ops; j++) {
                long n = (seq * ops + j) % keySpace;
                txn.addSuccess(RequestOp.newBuilder()
                        .setRequestPut(PutRequest.newBuilder()
                                .setKey(Keys.key(n, keySize))
                                .setValue(value)));
            }
            stubs[client].txn(txn.build(), observer);
        });
        s.out().println(s.summary(stats));
        return s.result(SPEC.name(), stats, null);
    }
}
