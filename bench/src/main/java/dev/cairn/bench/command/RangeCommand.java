package dev.cairn.bench.command;

import com.google.protobuf.ByteString;
import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.Connections;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.RangeResponse;

/**
 * {@code range key [end-range]}: the same range request, linearizable or serializable, sent
 * {@code --total} times. {@code --keys-only} and {@code --prefix} are ours.
 */
final class RangeCommand implements BenchCommand {
    private static final Spec SPEC = new Spec(
            "range",
            "key [end-range]",
            "Benchmark range",
            FlagSet.builder()
                    .intFlag("rate", 0, "Maximum range requests per second (0 is no limit)")
                    .intFlag("total", 10000, "Total number of range requests")
                    .stringFlag("consistency", "l", "Linearizable(l) or Serializable(s)")
                    .intFlag("limit", 0, "Maximum number of results to return from range request (0 is no limit)")
                    .boolFlag("count-only", "Only returns the count of keys")
                    .boolFlag("keys-only", "Only returns the keys, not the values")
                    .boolFlag("prefix", "Range over the keys that start with key")
                    .build());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public JsonResult run(Session s, ParsedFlags f) throws UsageException, DialException, InterruptedException {
        ByteString[] range = Commands.keyRange(f, "range key [end-range]", f.getBool("prefix"));
        boolean serializable = serializable(f);
        int total = Math.max(0, f.getInt("total"));
        RangeRequest req = RangeRequest.newBuilder()
                .setKey(range[0])
                .setRangeEnd(range[1])
                .setSerializable(serializable)
                .setLimit(Math.max(0, f.getLong("limit")))
                .setCountOnly(f.getBool("count-only"))
                .setKeysOnly(f.getBool("keys-only"))
                .build();
        Connections conns = s.connect();
        KVGrpc.KVStub[] stubs = Commands.perClient(s, i -> KVGrpc.newStub(conns.forClient(i)));
        LatencyStats stats = Commands.<RangeResponse>closedLoop(
                s, total, f.getInt("rate"), (client, seq, observer) -> stubs[client].range(req, observer));
        s.out().println(serializable ? "bench with serializable range" : "bench with linearizable range");
        s.out().print(s.summary(stats));
        return s.result(SPEC.name(), stats, null);
    }

    /** {@code --consistency}: {@code l} or {@code s}, anything else is a usage error. */
    static boolean serializable(ParsedFlags f) throws UsageException {
        return switch (f.getString("consistency")) {
            case "l" -> false;
            case "s" -> true;
            default -> throw new UsageException("--consistency must be l or s, got " + f.getString("consistency"));
        };
    }
}
