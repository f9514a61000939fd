package dev.cairn.server.watch;

import java.time.Duration;

/**
 * Periodic ticks, the only way the watch package learns that time passes (progress
 * notifications). Production uses {@link ScheduledTicks}; tests fire ticks by hand. Implementations
 * are thread-safe.
 */
public interface TickSource {

    /**
     * Runs {@code tick} every {@code period} until the returned handle is cancelled. {@code tick}
     * must be quick and must not block (it only posts work to the hub).
     */
    Ticket every(Duration period, Runnable tick);

    /** A running periodic tick. */
    @FunctionalInterface
    interface Ticket {
        /** Stops the ticks; idempotent. */
        void cancel();
    }
}
