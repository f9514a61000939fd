package dev.cairn.server.watch;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link TickSource} on a scheduled executor with one daemon thread that exists only while ticks
 * are scheduled (it times out when idle, so an unclosed source leaks no thread). Thread-safe.
 */
public final class ScheduledTicks implements TickSource {
    private final ScheduledThreadPoolExecutor executor;

    public ScheduledTicks() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cairn-watch-ticks");
            t.setDaemon(true);
            return t;
        });
        executor.setKeepAliveTime(1, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Ticket every(Duration period, Runnable tick) {
        long nanos = Math.max(1, period.toNanos());
        ScheduledFuture<?> future = executor.scheduleAtFixedRate(tick, nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
