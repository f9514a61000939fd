package dev.cairn.bench.report;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The machine-readable result written by {@code --json FILE}: one JSON object with the command,
 * the connection set-up, counts, wall time, throughput and latency percentiles in milliseconds;
 * watch commands add {@code events} and {@code eventLatencyMs}. Immutable.
 *
 * @param requests the latencies of the command's requests (for {@code watch}, watch creation)
 * @param events the put-to-event latencies of a watch command, or null
 */
public record JsonResult(
        String command,
        List<String> endpoints,
        int conns,
        int clients,
        LatencyStats requests,
        @Nullable LatencyStats events) {

    public JsonResult {
        endpoints = List.copyOf(endpoints);
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"command\":").append(quote(command));
        sb.append(",\"endpoints\":[");
        for (int i = 0; i < endpoints.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(endpoints.get(i)));
        }
        sb.append("],\"conns\":").append(conns);
        sb.append(",\"clients\":").append(clients);
        sb.append(",\"total\":").append(requests.count() + requests.errors());
        sb.append(",\"errors\":").append(requests.errors());
        sb.append(",\"seconds\":").append(num(requests.seconds()));
        sb.append(",\"requestsPerSec\":").append(num(requests.perSecond()));
        sb.append(",\"latencyMs\":");
        latencies(requests, sb);
        LatencyStats ev = events;
        if (ev != null) {
            sb.append(",\"events\":").append(ev.count());
            sb.append(",\"eventLatencyMs\":");
            latencies(ev, sb);
        }
        return sb.append("}\n").toString();
    }

    private static void latencies(LatencyStats s, StringBuilder sb) {
        sb.append("{\"min\":").append(ms(s.minNanos()));
        sb.append(",\"mean\":").append(ms(s.meanNanos()));
        sb.append(",\"stddev\":").append(ms(s.stddevNanos()));
        sb.append(",\"p50\":").append(ms(s.percentileNanos(50)));
        sb.append(",\"p90\":").append(ms(s.percentileNanos(90)));
        sb.append(",\"p99\":").append(ms(s.percentileNanos(99)));
        sb.append(",\"p999\":").append(ms(s.percentileNanos(99.9)));
        sb.append(",\"max\":").append(ms(s.maxNanos()));
        sb.append('}');
    }

    private static String ms(double nanos) {
        return num(nanos / 1e6);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
