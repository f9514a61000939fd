package dev.cairn.bench.command;

import com.google.protobuf.ByteString;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.ClosedLoop;
import dev.cairn.bench.load.RateLimiter;
import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.LatencyStats;
import java.lang.reflect.Array;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/** The commands {@code bin/cairn-bench} knows, in the order its help lists them; and shared checks. */
public final class Commands {
    private Commands() {}

    public static List<BenchCommand> all() {
        return List.of(
                new LeaseKeepaliveCommand(),
                new PutCommand(),
                new RangeCommand(),
                new TxnPutCommand(),
                new TxnMixedCommand(),
                new WatchCommand(),
                new WatchGetCommand(),
                new WatchLatencyCommand());
    }

    public static @Nullable BenchCommand find(String name) {
        return all().stream()
                .filter(c -> c.spec().name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** An int flag that must be positive, with etcd's message when it is not. */
    static int positive(ParsedFlags f, String flag) throws UsageException {
        long v = f.getLong(flag);
        if (v <= 0) {
            throw new UsageException("expected positive --" + flag + ", got (" + v + ")");
        }
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    /** One stub per client, client {@code i} on the connection dealt to it. */
    @SuppressWarnings("unchecked")
    static <T> T[] perClient(Session s, IntFunction<T> stub) {
        int n = s.options().clients();
        T first = stub.apply(0);
        T[] out = (T[]) Array.newInstance(first.getClass(), n);
        out[0] = first;
        for (int i = 1; i < n; i++) {
            out[i] = stub.apply(i);
        }
        return out;
    }

    /**
     * Runs {@code total} requests from the session's clients at most {@code rate} a second (0: no
     * limit) with a progress bar, and returns their statistics.
     */
    static <R> LatencyStats closedLoop(Session s, int total, int rate, ClosedLoop.Sender<R> sender)
            throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder(total);
        ClosedLoop loop =
                new ClosedLoop(s.options().clients(), total, new RateLimiter(rate, 1), s.bar(), s.ticker(), recorder);
        s.bar().start(total);
        long elapsed = loop.run(sender);
        s.bar().finish();
        return recorder.stats(elapsed);
    }

    /** Parses {@code key [end]}; with {@code prefix} the end is the key's prefix end. */
    static ByteString[] keyRange(ParsedFlags f, String usage, boolean prefix) throws UsageException {
        List<String> args = f.positional();
        if (args.isEmpty() || args.size() > 2) {
            throw new UsageException("expected " + usage);
        }
        var key = ByteString.copyFromUtf8(args.get(0));
        var end = args.size() == 2 ? ByteString.copyFromUtf8(args.get(1)) : ByteString.EMPTY;
        if (prefix) {
            if (args.size() == 2) {
                throw new UsageException("--prefix takes no end-range");
            }
            end = prefixEnd(key);
            if (key.isEmpty()) {
                key = end; // etcdctl's --prefix "": from "\0" to "\0", i.e. every key
            }
        }
        return new ByteString[] {key, end};
    }

    /** The end of the range of keys that start with {@code key} ("\0" for an empty key: all keys). */
    static ByteString prefixEnd(ByteString key) {
        byte[] b = key.toByteArray();
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                b[i]++;
                return ByteString.copyFrom(b, 0, i + 1);
            }
        }
        return ByteString.copyFrom(new byte[] {0});
    }
}
