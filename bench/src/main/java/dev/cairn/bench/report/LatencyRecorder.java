package dev.cairn.bench.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects one latency sample (nanoseconds) per successful request and a count per distinct error
 * message. Thread-safe: the gRPC transport threads that complete requests call {@link #record}
 * and {@link #error} concurrently; appends take a short uncontended lock into a growing array.
 */
public final class LatencyRecorder {
    private long[] samples;
    private int size;
    private final Map<String, Long> errors = new LinkedHashMap<>();
    private long errorCount;

    /** @param expected the number of samples expected, so that the array need not grow */
    public LatencyRecorder(int expected) {
        samples = new long[Math.max(16, expected)];
    }

    public synchronized void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[size++] = nanos;
    }

    public synchronized void error(String message) {
        error(message, 1);
    }

    /** Counts {@code n} failures with the same message. */
    public synchronized void error(String message, long n) {
        if (n > 0) {
            errors.merge(message, n, Long::sum);
            errorCount += n;
        }
    }

    public synchronized int successes() {
        return size;
    }

    public synchronized long errorCount() {
        return errorCount;
    }

    /** Statistics over what has been recorded so far, for a run that lasted {@code elapsedNanos}. */
    public synchronized LatencyStats stats(long elapsedNanos) {
        return LatencyStats.of(Arrays.copyOf(samples, size), errorCount, Map.copyOf(errors), elapsedNanos);
    }
}
