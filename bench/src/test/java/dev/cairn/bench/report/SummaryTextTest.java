package dev.cairn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SummaryTextTest {
    private static final LatencyStats STATS = LatencyStats.of(
            new long[] {1_000_000, 2_000_000, 3_000_000, 4_000_000}, 2, Map.of("rpc error: x", 2L), 2_000_000_000L);

    @Test
    void printsEtcdsLayout() {
        String text = new SummaryText(false).format(STATS);
        assertThat(text)
                .startsWith("\nSummary:\n  Total:\t2.0000 secs.\n  Slowest:\t0.0040 secs.\n"
                        + "  Fastest:\t0.0010 secs.\n  Average:\t0.0025 secs.\n")
                .contains("  Requests/sec:\t2.0000\n  Errors:\t2\n")
                .contains("\nResponse time histogram:\n  0.0010 [1]\t|")
                .contains("\nLatency distribution:\n  10% in 0.0020 secs.\n")
                .contains("  50% in 0.0030 secs.\n")
                .contains("  99.9% in 0.0040 secs.\n")
                .endsWith("\nError distribution:\n  [2]\trpc error: x\n");
    }

    @Test
    void histogramCountsEverySample() {
        String text = new SummaryText(false).format(STATS);
        int total = 0;
        for (String line : text.split("\n")) {
            int open = line.indexOf(" [");
            if (line.contains("]\t|") && open > 0) {
                total += Integer.parseInt(line.substring(open + 2, line.indexOf(']')));
            }
        }
        assertThat(total).isEqualTo(4);
    }

    @Test
    void preciseUsesGosShortestFormat() {
        assertThat(new SummaryText(true).format(STATS)).contains("  Slowest:\t0.004 secs.\n");
    }

    @ParameterizedTest
    @CsvSource({"0.004, 0.004", "0.0001234, 0.0001234", "0.00001234, 1.234e-05", "2, 2", "1234.5, 1234.5", "0, 0"})
    void goShortestFloat(double v, String expected) {
        assertThat(GoFloat.shortest(v)).isEqualTo(expected);
    }

    @Test
    void jsonHasTheContractsKeys() {
        String json = new JsonResult("put", java.util.List.of("127.0.0.1:2379"), 2, 10, STATS, null).toJson();
        assertThat(json)
                .startsWith("{\"command\":\"put\",\"endpoints\":[\"127.0.0.1:2379\"],\"conns\":2,\"clients\":10,"
                        + "\"total\":6,\"errors\":2,\"seconds\":2.000000,\"requestsPerSec\":2.000000,")
                .contains("\"latencyMs\":{\"min\":1.000000,\"mean\":2.500000,\"stddev\":1.118034,\"p50\":3.000000,"
                        + "\"p90\":4.000000,\"p99\":4.000000,\"p999\":4.000000,\"max\":4.000000}")
                .doesNotContain("events");
        String watch = new JsonResult("watch", java.util.List.of("a\"b"), 1, 1, STATS, STATS).toJson();
        assertThat(watch).contains("\"a\\\"b\"").contains(",\"events\":4,\"eventLatencyMs\":{\"min\":1.000000");
    }

    @Test
    void progressFrames() {
        assertThat(ProgressBar.render(0, 10, 0)).startsWith("\r 0 / 10 [>").contains("  0.00% ETA ?");
        assertThat(ProgressBar.render(5, 10, 3_000_000_000L)).contains(" 50.00% ETA 3s");
        assertThat(ProgressBar.render(10, 10, 61_000_000_000L))
                .contains("100.00% 1m1s")
                .contains("[" + "=".repeat(40) + "]");
    }
}
