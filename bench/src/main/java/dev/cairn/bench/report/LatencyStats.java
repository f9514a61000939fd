package dev.cairn.bench.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Exact latency statistics of one run, from every sample. Percentiles use the rule of etcd's
 * {@code pkg/report} (the first sample at index {@code i} with {@code i * 100 / n >= p}), so the
 * figures compare with etcd's tool; where no index reaches {@code p} (fewer than 1,000 samples for
 * 99.9%) the slowest sample is taken. Immutable.
 *
 * @param sortedNanos every successful request's latency, ascending
 * @param errors how many requests failed
 * @param errorCounts failures by message
 * @param elapsedNanos the wall time of the run
 */
public record LatencyStats(long[] sortedNanos, long errors, Map<String, Long> errorCounts, long elapsedNanos) {

    /** The percentiles etcd prints, in order. */
    public static final List<Double> PERCENTILES = List.of(10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9);

    public LatencyStats {
        errorCounts = Map.copyOf(errorCounts);
    }

    /** Sorts {@code samples} in place and wraps them. */
    public static LatencyStats of(long[] samples, long errors, Map<String, Long> errorCounts, long elapsedNanos) {
        Arrays.sort(samples);
        return new LatencyStats(samples, errors, errorCounts, elapsedNanos);
    }

    /** The samples and errors of both runs over the longer of their wall times. */
    public static LatencyStats merge(LatencyStats a, LatencyStats b) {
        long[] all = Arrays.copyOf(a.sortedNanos, a.sortedNanos.length + b.sortedNanos.length);
        System.arraycopy(b.sortedNanos, 0, all, a.sortedNanos.length, b.sortedNanos.length);
        Map<String, Long> errors = new java.util.HashMap<>(a.errorCounts);
        b.errorCounts.forEach((k, v) -> errors.merge(k, v, Long::sum));
        return of(all, a.errors + b.errors, errors, Math.max(a.elapsedNanos, b.elapsedNanos));
    }

    public int count() {
        return sortedNanos.length;
    }

    public long minNanos() {
        return sortedNanos.length == 0 ? 0 : sortedNanos[0];
    }

    public long maxNanos() {
        return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1];
    }

    public double meanNanos() {
        if (sortedNanos.length == 0) {
            return 0;
        }
        double sum = 0;
        for (long v : sortedNanos) {
            sum += v;
        }
        return sum / sortedNanos.length;
    }

    /** The population standard deviation, as etcd computes it. */
    public double stddevNanos() {
        if (sortedNanos.length == 0) {
            return 0;
        }
        double mean = meanNanos();
        double sum = 0;
        for (long v : sortedNanos) {
            double d = v - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / sortedNanos.length);
    }

    /** The {@code p}th percentile (0 < p <= 100) by etcd's rule; 0 when there are no samples. */
    public long percentileNanos(double p) {
        int n = sortedNanos.length;
        if (n == 0) {
            return 0;
        }
        int i = Math.max(0, (int) Math.floor(p * n / 100.0) - 1);
        while (i < n && (double) i * 100.0 / n < p) {
            i++;
        }
        return sortedNanos[Math.min(i, n - 1)];
    }

    /** Successful requests per second of wall time. */
    public double perSecond() {
        return elapsedNanos <= 0 ? 0 : sortedNanos.length / (elapsedNanos / 1e9);
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyStats s
                && Arrays.equals(sortedNanos, s.sortedNanos)
                && errors == s.errors
                && errorCounts.equals(s.errorCounts)
                && elapsedNanos == s.elapsedNanos;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sortedNanos) * 31 + Long.hashCode(elapsedNanos);
    }

    @Override
    public String toString() {
        return "LatencyStats[count=" + count() + ", errors=" + errors + ", elapsedNanos=" + elapsedNanos + "]";
    }
}
