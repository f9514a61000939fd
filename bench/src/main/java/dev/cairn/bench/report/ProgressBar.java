package dev.cairn.bench.report;

import dev.cairn.bench.time.Ticker;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on the terminal, like the one etcd's tool draws: done / total, a bar,
 * the percentage and the time left. {@link #increment} is thread-safe and costs one atomic add;
 * the bar owns one daemon thread that redraws ten times a second between {@link #start} and
 * {@link #finish}. A disabled bar draws nothing and starts no thread.
 */
public final class ProgressBar {
    private static final int WIDTH = 40;
    private static final long REDRAW_MILLIS = 100;

    private final PrintStream out;
    private final Ticker ticker;
    private final boolean enabled;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private long startNanos;
    private @org.jspecify.annotations.Nullable Thread drawer;

    public ProgressBar(PrintStream out, Ticker ticker, boolean enabled) {
        this.out = out;
        this.ticker = ticker;
        this.enabled = enabled;
    }

    /** A bar that draws nothing (for work whose progress another bar shows). */
    public static ProgressBar off() {
        return new ProgressBar(System.err, Ticker.SYSTEM, false);
    }

    /** Starts a new bar for {@code total} steps (a command may draw several bars in turn). */
    public synchronized void start(long total) {
        this.total = total;
        done.set(0);
        startNanos = ticker.nanoTime();
        if (!enabled) {
            return;
        }
        Thread t = new Thread(this::drawLoop, "cairn-bench-progress");
        t.setDaemon(true);
        drawer = t;
        t.start();
    }

    public void increment() {
        done.incrementAndGet();
    }

    public void add(long n) {
        done.addAndGet(n);
    }

    /** Stops redrawing, draws the final state and ends the line. */
    public synchronized void finish() {
        Thread t = drawer;
        drawer = null;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.print(render(done.get(), total, ticker.nanoTime() - startNanos));
        out.print('\n');
        out.flush();
    }

    private void drawLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            out.print(render(done.get(), total, ticker.nanoTime() - startNanos));
            out.flush();
            try {
                Thread.sleep(REDRAW_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One frame, starting with a carriage return. Pure; visible for tests. */
    static String render(long done, long total, long elapsedNanos) {
        double fraction = total <= 0 ? 1 : Math.min(1.0, (double) done / total);
        int filled = (int) (fraction * WIDTH);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        String eta;
        if (done >= total) {
            eta = seconds(elapsedNanos);
        } else if (done == 0) {
            eta = "ETA ?";
        } else {
            eta = "ETA " + seconds((long) (elapsedNanos / fraction) - elapsedNanos);
        }
        return String.format(Locale.ROOT, "\r %d / %d [%s] %6.2f%% %s   ", done, total, bar, fraction * 100, eta);
    }

    private static String seconds(long nanos) {
        long s = Math.max(0, nanos / 1_000_000_000L);
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
