package dev.cairn.server.time;

/**
 * A monotonic clock for measuring durations (lease expiry, intervals): nanoseconds from an
 * arbitrary origin, never going backwards. Not wall time; compare two readings only. Inject it;
 * tests pass a manual one. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds since an arbitrary fixed origin. */
    long nanos();

    /** The JVM's monotonic clock ({@link System#nanoTime}); the one real ticker of the server. */
    static Ticker system() {
        return System::nanoTime;
    }
}
