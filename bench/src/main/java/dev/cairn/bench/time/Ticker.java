package dev.cairn.bench.time;

/** A monotonic nanosecond clock; {@link #SYSTEM} reads {@link System#nanoTime()}. Thread-safe. */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
