package dev.cairn.bench.command;

import com.google.protobuf.ByteString;
import dev.cairn.bench.cli.FlagSet;
import dev.cairn.bench.cli.ParsedFlags;
import dev.cairn.bench.cli.UsageException;
import dev.cairn.bench.load.Connections;
import dev.cairn.bench.load.Connections.DialException;
import dev.cairn.bench.load.GrpcErrors;
import dev.cairn.bench.load.WatchStream;
import dev.cairn.bench.report.JsonResult;
import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.proto.etcdserverpb.KVGrpc;
import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.RangeRequest;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code watch-get}: writes {@code --watch-events} revisions of one key, then creates
 * {@code --watchers} watchers from the first of them over {@code --streams} streams, so every
 * watcher starts unsynced and catches up; meanwhile one client sends serializable gets on a
 * connection of its own. Reports the gets; the event figures are per watcher, from its create
 * request to its last event. A virtual thread owned by {@link #run} sends the gets.
 */
final class WatchGetCommand implements BenchCommand {
    private static final ByteString KEY = ByteString.copyFromUtf8("watchkey");
    private static final Spec SPEC = new Spec(
            "watch-get",
            "",
            "Benchmark watch with get",
            FlagSet.builder()
                    .intFlag("watchers", 10000, "Total number of watchers")
                    .intFlag("streams", 1, "Total number of watcher streams")
                    .intFlag("watch-events", 8, "Number of events per watcher")
                    .intFlag("events", 8, "the same as --watch-events (etcd 3.4's name)")
                    .build());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public JsonResult run(Session s, ParsedFlags f) throws UsageException, DialException, InterruptedException {
        int watcherCount = Math.max(0, f.getInt("watchers"));
        int streamCount = Commands.positive(f, "streams");
        int eventsEach = f.isSet("watch-events") || !f.isSet("events")
                ? Commands.positive(f, "watch-events")
                : Commands.positive(f, "events");
        Connections conns = s.connect();
        long watchRev;
        try {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(conns.forClient(0));
            watchRev = 0;
            for (int i = 0; i < eventsEach; i++) {
                long rev = kv.put(PutRequest.newBuilder()
                                .setKey(KEY)
                                .setValue(ByteString.copyFromUtf8(Integer.toString(i)))
                                .build())
                        .getHeader()
                        .getRevision();
                watchRev = i == 0 ? rev : watchRev;
            }
        } catch (StatusRuntimeException e) {
            throw new DialException("cannot write the watched key: " + GrpcErrors.describe(e));
        }
        KVGrpc.KVBlockingStub getter = KVGrpc.newBlockingStub(s.connect(1).forClient(0));
        WatchStream[] streams = Watchers.open(s, conns, streamCount);
        int perStream = (watcherCount + streamCount - 1) / streamCount;
        LatencyRecorder catchUp = new LatencyRecorder(watcherCount);
        LatencyRecorder gets = new LatencyRecorder(1024);
        CountDownLatch caughtUp = new CountDownLatch(watcherCount);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean getsStarted = new AtomicBoolean();
        long[] getElapsed = new long[1];
        Thread[] getThread = new Thread[1];
        WatchCreateRequest create = WatchCreateRequest.newBuilder()
                .setKey(KEY)
                .setStartRevision(watchRev)
                .build();
        RangeRequest get = RangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("abc"))
                .setSerializable(true)
                .build();
        long start = s.ticker().nanoTime();
        s.bar().start((long) watcherCount * eventsEach);
        Watchers.create(
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
                        if (getsStarted.compareAndSet(false, true)) {
                            getThread[0] = Thread.ofVirtual()
                                    .name("cairn-bench-get")
                                    .start(() -> {
                                        long t = s.ticker().nanoTime();
                                        getLoop(s, getter, get, gets, stop);
                                        getElapsed[0] = s.ticker().nanoTime() - t;
                                    });
                        }
                        long created = s.ticker().nanoTime();
                        boolean counted = stream * perStream + j < watcherCount;
                        AtomicInteger seen = new AtomicInteger();
                        return (events, arrived) -> {
                            int before = seen.getAndAdd(events.size());
                            s.bar().add(Math.max(0, Math.min(events.size(), eventsEach - before)));
                            if (before < eventsEach && before + events.size() >= eventsEach && counted) {
                                catchUp.record(arrived - created);
                                caughtUp.countDown();
                            }
                        };
                    }
                },
                ProgressBar.off());
        EventLatencies.awaitOrStall(caughtUp, caughtUp::getCount);
        stop.set(true);
        if (getThread[0] != null) {
            getThread[0].join();
        }
        s.bar().finish();
        Watchers.close(streams);
        catchUp.error("watchers not caught up", caughtUp.getCount());
        LatencyStats getStats = gets.stats(getElapsed[0]);
        s.out().print("Get during watch summary:\n" + s.summary(getStats));
        return s.result(SPEC.name(), getStats, catchUp.stats(s.ticker().nanoTime() - start));
    }

    private static void getLoop(
            Session s, KVGrpc.KVBlockingStub getter, RangeRequest get, LatencyRecorder gets, AtomicBoolean stop) {
        while (!stop.get()) {
            long t0 = s.ticker().nanoTime();
            try {
                getter.range(get);
                gets.record(s.ticker().nanoTime() - t0);
            } catch (StatusRuntimeException e) {
                gets.error(GrpcErrors.describe(e));
            }
        }
    }
}
