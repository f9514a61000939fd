package dev.cairn.server.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A {@link TimeoutScheduler} that runs nothing until the test says so: {@link #fireAll} runs every
 * timeout scheduled and not cancelled. Thread-safe.
 */
public final class ManualTimeouts implements TimeoutScheduler {
    private record Timer(Runnable action, CompletableFuture<Void> handle) {}

    private final List<Timer> pending = new ArrayList<>();

    @Override
    public synchronized Future<?> schedule(Duration delay, Runnable action) {
        Timer timer = new Timer(action, new CompletableFuture<>());
        pending.add(timer);
        return timer.handle();
    }

    /** Runs every pending timeout that was not cancelled; returns how many ran. */
    public int fireAll() {
        List<Timer> due;
        synchronized (this) {
            due = new ArrayList<>(pending);
            pending.clear();
        }
        int ran = 0;
        for (Timer t : due) {
            if (t.handle().complete(null)) {
                t.action().run();
                ran++;
            }
        }
        return ran;
    }

    /** Timeouts scheduled and neither run nor cancelled. */
    public synchronized long pending() {
        return pending.stream().filter(t -> !t.handle().isDone()).count();
    }
}
