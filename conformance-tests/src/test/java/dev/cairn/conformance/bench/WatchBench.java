package dev.cairn.conformance.bench;

import com.google.protobuf.ByteString;
import dev.cairn.conformance.BenchServers;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.proto.etcdserverpb.WatchGrpc;
import dev.cairn.proto.etcdserverpb.WatchRequest;
import dev.cairn.proto.etcdserverpb.WatchResponse;
import dev.cairn.proto.mvccpb.Event;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watch benchmark, etcd and Cairn side by side in one run (not a test: it asserts nothing about
 * time). Two measurements per server, each on a freshly started server:
 *
 * <ol>
 *   <li>memory per idle watcher: VmRSS of the server process before and after opening W watchers
 *       (each on its own key, start revision 0) on one stream, and again on a fresh server with the
 *       same W spread over S streams; (after - before) / W;
 *   <li>event latency: L watchers on one key range spread over a few streams, a writer that puts
 *       E keys one after another with the send time (System.nanoTime, same host) in the value, and
 *       the put-to-event time of every (watcher, event) pair at the client: p50, p99, max.
 * </ol>
 *
 * <p>Arguments ({@code name=value}): {@code targets=etcd,cairn watchers=10000 streams=100
 * latencyWatchers=1000 latencyStreams=10 events=2000 out=FILE}. Run it with {@code bench/watch-bench}.
 * Everything is on loopback; every loop is bounded by the counts above and by timeouts.
 */
public final class WatchBench {
    private static final long WAIT_SECONDS = 300;

    private WatchBench() {}

    /** The figures of one server. */
    public record Figures(
            String target,
            long rssBaseKb,
            long rssOneStreamKb,
            long rssManyBaseKb,
            long rssManyStreamsKb,
            int watchers,
            int streams,
            int latencyWatchers,
            int events,
            long samples,
            double p50Micros,
            double p99Micros,
            double maxMicros,
            double seconds) {
        double bytesPerWatcherOneStream() {
            return (rssOneStreamKb - rssBaseKb) * 1024.0 / watchers;
        }

        double bytesPerWatcherManyStreams() {
            return (rssManyStreamsKb - rssManyBaseKb) * 1024.0 / watchers;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %,d | %,d -> %,d kB | %,.0f B | %,d -> %,d kB (%d streams) | %,.0f B | %,d x %,d | %,d | %.0f | %.0f | %.0f | %.1f s |",
                    target,
                    watchers,
                    rssBaseKb,
                    rssOneStreamKb,
                    bytesPerWatcherOneStream(),
                    rssManyBaseKb,
                    rssManyStreamsKb,
                    streams,
                    bytesPerWatcherManyStreams(),
                    latencyWatchers,
                    events,
                    samples,
                    p50Micros,
                    p99Micros,
                    maxMicros,
                    seconds);
        }
    }

    static final String HEADER = "| server | idle watchers | VmRSS, 1 stream | per watcher | VmRSS, many streams"
            + " | per watcher | latency: watchers x puts | events received | p50 us | p99 us | max us | latency run |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected name=value, got " + a);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        List<Figures> all = run(
                Arrays.asList(opts.getOrDefault("targets", "etcd,cairn").split(",")),
                Integer.parseInt(opts.getOrDefault("watchers", "10000")),
                Integer.parseInt(opts.getOrDefault("streams", "100")),
                Integer.parseInt(opts.getOrDefault("latencyWatchers", "1000")),
                Integer.parseInt(opts.getOrDefault("latencyStreams", "10")),
                Integer.parseInt(opts.getOrDefault("events", "2000")));
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        all.forEach(f -> sb.append(f.line()).append('\n'));
        System.out.print(sb);
        String out = opts.get("out");
        if (out != null) {
            Files.writeString(Path.of(out), sb.toString(), StandardCharsets.UTF_8);
        }
    }

    /** Runs every measurement for each target in turn. */
    public static List<Figures> run(
            List<String> targets, int watchers, int streams, int latencyWatchers, int latencyStreams, int events)
            throws Exception {
        List<Figures> out = new ArrayList<>();
        for (String target : targets) {
            long[] one;
            try (BenchServers.Handle server = BenchServers.start(target, "bench-idle-1")) {
                one = idle(server, watchers, 1);
            }
            long[] many;
            try (BenchServers.Handle server = BenchServers.start(target, "bench-idle-" + streams)) {
                many = idle(server, watchers, streams);
            }
            double[] lat;
            try (BenchServers.Handle server = BenchServers.start(target, "bench-latency")) {
                lat = latency(server, latencyWatchers, latencyStreams, events);
            }
            out.add(new Figures(
                    target,
                    one[0],
                    one[1],
                    many[0],
                    many[1],
                    watchers,
                    streams,
                    latencyWatchers,
                    events,
                    (long) lat[0],
                    lat[1],
                    lat[2],
                    lat[3],
                    lat[4]));
        }
        return out;
    }

    /** Opens {@code watchers} idle watchers over {@code streams} streams; VmRSS before and after. */
    static long[] idle(BenchServers.Handle server, int watchers, int streams) throws Exception {
        warmUp(server);
        long before = rssKb(server.pid());
        CountDownLatch created = new CountDownLatch(watchers);
        List<StreamObserver<WatchRequest>> open = new ArrayList<>();
        WatchGrpc.WatchStub stub = WatchGrpc.newStub(server.channel());
        for (int s = 0; s < streams; s++) {
            StreamObserver<WatchRequest> requests = stub.watch(new Collector(r -> {
                if (r.getCreated()) {
                    created.countDown();
                }
            }));
            open.add(requests);
        }
        for (int i = 0; i < watchers; i++) {
            open.get(i % streams)
                    .onNext(WatchRequest.newBuilder()
                            .setCreateRequest(WatchCreateRequest.newBuilder()
                                    .setKey(bytes(String.format(Locale.ROOT, "/bench/idle/%06d", i))))
                            .build());
        }
        if (!created.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    server.name() + ": only " + (watchers - created.getCount()) + " of " + watchers + " created");
        }
        long after = rssKb(server.pid());
        open.forEach(StreamObserver::onCompleted);
        return new long[] {before, after};
    }

    /**
     * {@code watchers} watchers on one prefix over {@code streams} streams (one connection each
     * group of ten streams would share in a real client; here all share the channel), then
     * {@code events} sequential puts carrying their send time. Returns samples, p50, p99, max
     * (microseconds) and the wall time of the put phase (seconds).
     */
    static double[] latency(BenchServers.Handle server, int watchers, int streams, int events) throws Exception {
        warmUp(server);
        long expected = (long) watchers * events;
        long[] samples = new long[(int) Math.min(expected, Integer.MAX_VALUE - 8)];
        AtomicInteger n = new AtomicInteger();
        AtomicLong received = new AtomicLong();
        CountDownLatch created = new CountDownLatch(watchers);
        CountDownLatch all = new CountDownLatch(1);
        WatchGrpc.WatchStub stub = WatchGrpc.newStub(server.channel());
        List<StreamObserver<WatchRequest>> open = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            open.add(stub.watch(new Collector(r -> {
                if (r.getCreated()) {
                    created.countDown();
                    return;
                }
                long now = System.nanoTime();
                for (Event e : r.getEventsList()) {
                    long sent = Long.parseLong(e.getKv().getValue().toStringUtf8());
                    int i = n.getAndIncrement();
                    if (i < samples.length) {
                        samples[i] = now - sent;
                    }
                    if (received.incrementAndGet() == expected) {
                        all.countDown();
                    }
                }
            })));
        }
        ByteString prefix = bytes("/bench/lat/");
        ByteString end = bytes("/bench/lat0");
        for (int i = 0; i < watchers; i++) {
            open.get(i % streams)
                    .onNext(WatchRequest.newBuilder()
                            .setCreateRequest(WatchCreateRequest.newBuilder()
                                    .setKey(prefix)
                                    .setRangeEnd(end))
                            .build());
        }
        if (!created.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(server.name() + ": watchers not created");
        }
        KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(server.channel());
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            kv.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .put(PutRequest.newBuilder()
                            .setKey(bytes("/bench/lat/" + (i % 100)))
                            .setValue(bytes(Long.toString(System.nanoTime())))
                            .build());
        }
        if (!all.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(server.name() + ": " + received.get() + " of " + expected
                    + " events within " + WAIT_SECONDS + " s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        open.forEach(StreamObserver::onCompleted);
        int count = Math.min(n.get(), samples.length);
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return new double[] {
            count, percentile(sorted, 0.50) / 1e3, percentile(sorted, 0.99) / 1e3, sorted[count - 1] / 1e3, seconds
        };
    }

    private static double percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** A few writes, so both servers have touched their write path before the baseline. */
    private static void warmUp(BenchServers.Handle server) {
        KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(server.channel());
        for (int i = 0; i < 100; i++) {
            kv.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .put(PutRequest.newBuilder()
                            .setKey(bytes("/bench/warm/" + i))
                            .setValue(bytes("x"))
                            .build());
        }
    }

    /** VmRSS of a process, in kB. */
    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    /** Hands each response to a callback; errors end nothing here (the waits are bounded). */
    private record Collector(java.util.function.Consumer<WatchResponse> onResponse)
            implements StreamObserver<WatchResponse> {
        @Override
        public void onNext(WatchResponse value) {
            onResponse.accept(value);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
    }

    /** Unused channel helper kept for callers that want their own connection per stream group. */
    static ManagedChannel channel(BenchServers.Handle server) {
        return server.newChannel();
    }
}
