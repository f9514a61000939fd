package dev.cairn.server.replication;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action after a delay unless cancelled: how proposal timeouts are enforced. Injected so
 * tests run timeouts by hand. Implementations are thread-safe.
 */
@FunctionalInterface
public interface TimeoutScheduler {

    /** Runs {@code action} after {@code delay}; cancelling the returned future stops it. */
    Future<?> schedule(Duration delay, Runnable action);

    /**
     * A scheduler with one daemon thread named {@code threadName} that exists only while a
     * timeout is pending (it ends after a second without one), so an idle member holds no thread
     * for it and nothing needs closing.
     */
    static TimeoutScheduler daemon(String threadName) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setKeepAliveTime(1, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        return (delay, action) -> executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
