package dev.cairn.bench.command;

import com.google.protobuf.ByteString;
import dev.cairn.bench.load.WatchStream;
import dev.cairn.bench.report.LatencyRecorder;
import dev.cairn.bench.report.LatencyStats;
import dev.cairn.bench.report.ProgressBar;
import dev.cairn.bench.time.Ticker;
import dev.cairn.proto.mvccpb.Event;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Put-to-event latency: each put's value starts with its sequence number (8 bytes, big-endian);
 * {@link #sent} notes when put {@code seq} was sent, and the {@link #handler} turns every event
 * into the time from that put's send to the event's arrival. Thread-safe: puts are sent from load
 * threads, events arrive on transport threads.
 */
final class EventLatencies {
    /** How long to wait for more events when none have come. */
    private static final int STALL_SECONDS = 10;

    private final AtomicLongArray sentNanos;
    private final long expected;
    private final LatencyRecorder recorder;
    private final ProgressBar bar;
    private final Ticker ticker;
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final long startNanos;
    private volatile long lastNanos;

    EventLatencies(int puts, long expected, ProgressBar bar, Ticker ticker) {
        this.sentNanos = new AtomicLongArray(Math.max(1, puts));
        this.expected = expected;
        this.recorder = new LatencyRecorder((int) Math.min(Integer.MAX_VALUE - 8, expected));
        this.bar = bar;
        this.ticker = ticker;
        this.startNanos = ticker.nanoTime();
        this.lastNanos = startNanos;
        if (expected <= 0) {
            done.countDown();
        }
    }

    /** A value of {@code size} bytes (at least 8) that carries {@code seq}, the rest from {@code filler}. */
    static ByteString value(long seq, int size, ByteString filler) {
        byte[] b = new byte[Math.max(8, size)];
        filler.copyTo(b, 0, 0, Math.min(filler.size(), b.length));
        ByteBuffer.wrap(b).putLong(0, seq);
        return ByteString.copyFrom(b);
    }

    /** Notes that put {@code seq} is being sent now; call just before sending it. */
    void sent(long seq) {
        sentNanos.set((int) seq, ticker.nanoTime());
    }

    WatchStream.Handler handler() {
        return (events, arrived) -> {
            for (Event e : events) {
                ByteString v = e.getKv().getValue();
                if (v.size() >= 8) {
                    long seq = v.substring(0, 8).asReadOnlyByteBuffer().getLong();
                    if (seq >= 0 && seq < sentNanos.length()) {
                        recorder.record(arrived - sentNanos.get((int) seq));
                    }
                }
                bar.increment();
                lastNanos = arrived;
                if (received.incrementAndGet() == expected) {
                    done.countDown();
                }
            }
        };
    }

    /**
     * Waits for every expected event, or until none has come for ten seconds; missing events
     * are counted as errors. Returns the statistics (wall time from creation to the last event).
     */
    LatencyStats await() throws InterruptedException {
        awaitOrStall(done, received::get);
        recorder.error("events not received", expected - received.get());
        return recorder.stats(lastNanos - startNanos);
    }

    /**
     * Waits for {@code done}, or until {@code progress} has not moved for ten seconds (a lost
     * event must not hang the tool).
     */
    static void awaitOrStall(CountDownLatch done, LongSupplier progress) throws InterruptedException {
        long seen = -1;
        int idle = 0;
        while (!done.await(1, TimeUnit.SECONDS)) {
            long now = progress.getAsLong();
            idle = now == seen ? idle + 1 : 0;
            seen = now;
            if (idle >= STALL_SECONDS) {
                return;
            }
        }
    }
}
