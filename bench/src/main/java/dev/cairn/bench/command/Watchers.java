package dev.cairn.bench.command;

import dev.cairn.bench.load.Connections;
import dev.cairn.bench.load.GrpcErrors;
import dev.cairn.bench.load.WatchStream;
import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.proto.etcdserverpb.WatchCreateRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens watch streams and creates watches on them: one virtual thread per stream creates that
 * stream's watches one after another (awaiting each), all streams at once; the creation round
 * trips are recorded. The threads are started and joined by {@link #create}.
 */
final class Watchers {
    private static final long CREATE_TIMEOUT_SECONDS = 60;

    /** What watch number {@code j} of stream {@code stream} watches, and who gets its events. */
    interface Plan {
        WatchCreateRequest request(int stream, int j);

        WatchStream.Handler handler(int stream, int j);
    }

    private Watchers() {}

    /** Opens {@code count} streams, stream {@code i} on client {@code i}'s connection. */
    static WatchStream[] open(Session s, Connections conns, int count) {
        WatchStream[] streams = new WatchStream[count];
        for (int i = 0; i < count; i++) {
            streams[i] = new WatchStream(conns.forClient(i % s.options().clients()), s.ticker());
        }
        return streams;
    }

    /**
     * Creates {@code perStream} watches on every stream; returns the creation latencies (a watch
     * the server refused, or that is not created within a minute, counts as an error); {@code bar}
     * counts the watches.
     */
    static LatencyStats create(Session s, WatchStream[] streams, int perStream, Plan plan, ProgressBar bar)
            throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder(streams.length * perStream);
        long start = s.ticker().nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < streams.length; i++) {
            int stream = i;
            threads.add(Thread.ofVirtual().name("cairn-bench-watch-create-" + i).start(() -> {
                for (int j = 0; j < perStream; j++) {
                    long t0 = s.ticker().nanoTime();
                    try {
                        streams[stream]
                                .create(plan.request(stream, j), plan.handler(stream, j))
                                .get(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        recorder.record(s.ticker().nanoTime() - t0);
                    } catch (ExecutionException e) {
                        recorder.error(GrpcErrors.describe(e.getCause() == null ? e : e.getCause()));
                    } catch (TimeoutException e) {
                        recorder.error("watch not created within " + CREATE_TIMEOUT_SECONDS + "s");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    bar.increment();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return recorder.stats(s.ticker().nanoTime() - start);
    }

    static void close(WatchStream[] streams) {
        for (WatchStream w : streams) {
            w.close();
        }
    }
}
