package dev.cairn.server.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link TickSource} whose ticks fire only when a test calls {@link #fire}. Thread-safe. */
final class ManualTicks implements TickSource {
    private final List<Runnable> ticks = new ArrayList<>();
    private final List<Duration> periods = new ArrayList<>();

    @Override
    public synchronized Ticket every(Duration period, Runnable tick) {
        ticks.add(tick);
        periods.add(period);
        return () -> {
            synchronized (this) {
                ticks.remove(tick);
            }
        };
    }

    /** Fires every live ticker once. */
    void fire() {
        List<Runnable> now;
        synchronized (this) {
            now = List.copyOf(ticks);
        }
        now.forEach(Runnable::run);
    }

    synchronized int live() {
        return ticks.size();
    }

    synchronized List<Duration> periods() {
        return List.copyOf(periods);
    }
}
