package dev.cairn.bench.load;

import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.bench.time.Ticker;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code --clients} closed-loop clients that share {@code total} requests: each keeps exactly one
 * request in flight and sends the next from the completion callback, so no thread blocks and no
 * thread is created per client. Callbacks run on the gRPC transport threads (the channels use a
 * direct executor); requests delayed by the rate limiter are sent from one scheduler thread that
 * {@link #run} owns and stops. Each request's latency is taken from just before it is sent to
 * its completion.
 */
public final class ClosedLoop {

    /** Sends request number {@code seq} for client {@code client}, reporting to {@code observer}. */
    @FunctionalInterface
    public interface Sender<R> {
        void send(int client, long seq, StreamObserver<R> observer);

        /** Which recorder request {@code seq}'s latency goes to (0 unless the loop has several). */
        default int kind(long seq) {
            return 0;
        }
    }

    private final int clients;
    private final long total;
    private final RateLimiter limiter;
    private final LatencyRecorder[] recorders;
    private final ProgressBar bar;
    private final Ticker ticker;

    /** @param recorders where latencies go, indexed by {@link Sender#kind} */
    public ClosedLoop(
            int clients,
            long total,
            RateLimiter limiter,
            ProgressBar bar,
            Ticker ticker,
            LatencyRecorder... recorders) {
        if (recorders.length == 0) {
            throw new IllegalArgumentException("no recorder");
        }
        this.clients = Math.max(1, clients);
        this.total = total;
        this.limiter = limiter;
        this.recorders = recorders.clone();
        this.bar = bar;
        this.ticker = ticker;
    }

    /** Runs all {@code total} requests to completion; returns the wall time in nanoseconds. */
    public <R> long run(Sender<R> sender) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(clients);
        ScheduledExecutorService scheduler = limiter.isUnlimited()
                ? null
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "cairn-bench-rate");
                    t.setDaemon(true);
                    return t;
                });
        long start = ticker.nanoTime();
        try {
            for (int c = 0; c < clients; c++) {
                new Client<>(c, sender, next, finished, scheduler).next();
            }
            finished.await();
        } finally {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
        return ticker.nanoTime() - start;
    }

    /**
     * One client. {@link #next} may be called from the transport thread that completed the last
     * request, or from the sender's thread when a send fails at once; the work-in-progress count
     * turns such re-entry into a loop, so a run of instant failures cannot overflow the stack.
     */
    private final class Client<R> implements StreamObserver<R> {
        private final int index;
        private final Sender<R> sender;
        private final AtomicLong next;
        private final CountDownLatch finished;
        private final @Nullable ScheduledExecutorService scheduler;
        private final AtomicInteger wip = new AtomicInteger();
        private volatile long startNanos;
        private volatile int kind;

        Client(
                int index,
                Sender<R> sender,
                AtomicLong next,
                CountDownLatch finished,
                @Nullable ScheduledExecutorService scheduler) {
            this.index = index;
            this.sender = sender;
            this.next = next;
            this.finished = finished;
            this.scheduler = scheduler;
        }

        void next() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            do {
                step();
            } while (wip.decrementAndGet() != 0);
        }

        private void step() {
            long seq = next.getAndIncrement();
            if (seq >= total) {
                finished.countDown();
                return;
            }
            long wait = limiter.reserve(ticker.nanoTime());
            ScheduledExecutorService s = scheduler;
            if (wait > 0 && s != null) {
                s.schedule(() -> send(seq), wait, TimeUnit.NANOSECONDS);
            } else {
                send(seq);
            }
        }

        private void send(long seq) {
            kind = sender.kind(seq);
            startNanos = ticker.nanoTime();
            try {
                sender.send(index, seq, this);
            } catch (RuntimeException e) {
                onError(e);
            }
        }

        @Override
        public void onNext(R value) {}

        @Override
        public void onError(Throwable t) {
            recorders[kind].error(GrpcErrors.describe(t));
            bar.increment();
            next();
        }

        @Override
        public void onCompleted() {
            recorders[kind].record(ticker.nanoTime() - startNanos);
            bar.increment();
            next();
        }
    }
}
