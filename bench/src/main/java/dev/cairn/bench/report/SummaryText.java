package dev.cairn.bench.report;

import java.util.Map;

/**
 * The summary in the layout of etcd's {@code pkg/report}: Summary (Total, Slowest, Fastest,
 * Average, Stddev, Requests/sec), the response time histogram, the latency distribution, and the
 * error distribution; plus one line of ours, {@code Errors:}, after Requests/sec. Pure.
 */
public final class SummaryText {
    private static final String BAR = "∎";
    private static final int BUCKETS = 10;

    private final boolean precise;

    /** @param precise etcd's {@code --precise}: full float precision instead of four decimals */
    public SummaryText(boolean precise) {
        this.precise = precise;
    }

    public String format(LatencyStats s) {
        StringBuilder sb = new StringBuilder();
        if (s.count() > 0) {
            sb.append("\nSummary:\n");
            sb.append("  Total:\t").append(secs(s.seconds())).append(".\n");
            sb.append("  Slowest:\t").append(secs(s.maxNanos() / 1e9)).append(".\n");
            sb.append("  Fastest:\t").append(secs(s.minNanos() / 1e9)).append(".\n");
            sb.append("  Average:\t").append(secs(s.meanNanos() / 1e9)).append(".\n");
            sb.append("  Stddev:\t").append(secs(s.stddevNanos() / 1e9)).append(".\n");
            sb.append("  Requests/sec:\t").append(num(s.perSecond())).append('\n');
            sb.append("  Errors:\t").append(s.errors()).append('\n');
            histogram(s, sb);
            sb.append("\nLatency distribution:\n");
            for (double p : LatencyStats.PERCENTILES) {
                sb.append("  ")
                        .append(GoFloat.shortest(p))
                        .append("% in ")
                        .append(secs(s.percentileNanos(p) / 1e9))
                        .append(".\n");
            }
        } else {
            sb.append("\nSummary:\n  Errors:\t").append(s.errors()).append('\n');
        }
        if (!s.errorCounts().isEmpty()) {
            sb.append("\nError distribution:\n");
            for (Map.Entry<String, Long> e : s.errorCounts().entrySet()) {
                sb.append("  [")
                        .append(e.getValue())
                        .append("]\t")
                        .append(e.getKey())
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private void histogram(LatencyStats s, StringBuilder sb) {
        long[] lats = s.sortedNanos();
        double fastest = s.minNanos() / 1e9;
        double slowest = s.maxNanos() / 1e9;
        double[] bounds = new double[BUCKETS + 1];
        double width = (slowest - fastest) / BUCKETS;
        for (int i = 0; i < BUCKETS; i++) {
            bounds[i] = fastest + width * i;
        }
        bounds[BUCKETS] = slowest;
        int[] counts = new int[BUCKETS + 1];
        int bucket = 0;
        int max = 0;
        for (long lat : lats) {
            double v = lat / 1e9;
            while (v > bounds[bucket] && bucket < BUCKETS) {
                bucket++;
            }
            counts[bucket]++;
            max = Math.max(max, counts[bucket]);
        }
        sb.append("\nResponse time histogram:\n");
        for (int i = 0; i <= BUCKETS; i++) {
            int len = max == 0 ? 0 : counts[i] * 40 / max;
            sb.append("  ")
                    .append(num(bounds[i]))
                    .append(" [")
                    .append(counts[i])
                    .append("]\t|")
                    .append(BAR.repeat(len))
                    .append('\n');
        }
    }

    private String secs(double seconds) {
        return num(seconds) + " secs";
    }

    private String num(double v) {
        return precise ? GoFloat.shortest(v) : GoFloat.fixed4(v);
    }
}
