package dev.cairn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyStatsTest {

    /** 1..n shuffled, so that sorting is exercised. */
    private static LatencyStats oneTo(int n) {
        long[] v = LongStream.rangeClosed(1, n).toArray();
        for (int i = 0; i < n; i++) {
            int j = (int) ((i * 7919L) % n);
            long t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return LatencyStats.of(v, 0, Map.of(), 1_000_000_000L);
    }

    /**
     * etcd's rule picks the first index i with i * 100 / n >= p; with samples 1..n that is
     * the value i + 1.
     */
    @ParameterizedTest
    @CsvSource({
        "1000, 10, 101",
        "1000, 50, 501",
        "1000, 90, 901",
        "1000, 99, 991",
        "1000, 99.9, 1000",
        "10, 10, 2",
        "10, 50, 6",
        "10, 99, 10",
        "3, 50, 3",
        "1, 50, 1",
        "7, 25, 3"
    })
    void percentilesFollowEtcdsRule(int n, double p, long expected) {
        assertThat(oneTo(n).percentileNanos(p)).isEqualTo(expected);
    }

    @Test
    void aPercentileNoIndexReachesIsTheSlowestSample() {
        assertThat(oneTo(500).percentileNanos(99.9)).isEqualTo(500);
    }

    @Test
    void percentilesAreOrdered() {
        LatencyStats s = oneTo(12345);
        long previous = s.minNanos();
        for (double p : LatencyStats.PERCENTILES) {
            assertThat(s.percentileNanos(p)).isGreaterThanOrEqualTo(previous);
            previous = s.percentileNanos(p);
        }
        assertThat(s.maxNanos()).isGreaterThanOrEqualTo(previous);
    }

    @Test
    void momentsAreThePopulationMeanAndStddev() {
        LatencyStats s = LatencyStats.of(new long[] {2, 4, 4, 4, 5, 5, 7, 9}, 1, Map.of("boom", 1L), 2_000_000_000L);
        assertThat(s.meanNanos()).isEqualTo(5.0);
        assertThat(s.stddevNanos()).isEqualTo(2.0);
        assertThat(s.minNanos()).isEqualTo(2);
        assertThat(s.maxNanos()).isEqualTo(9);
        assertThat(s.perSecond()).isCloseTo(4.0, within(1e-9));
        assertThat(s.errors()).isEqualTo(1);
    }

    @Test
    void noSamplesGiveZeros() {
        LatencyStats s = LatencyStats.of(new long[0], 3, Map.of(), 0);
        assertThat(s.percentileNanos(50)).isZero();
        assertThat(s.meanNanos()).isZero();
        assertThat(s.stddevNanos()).isZero();
        assertThat(s.perSecond()).isZero();
    }

    @Test
    void theRecorderCountsSamplesAndErrorsAndGrows() {
        LatencyRecorder r = new LatencyRecorder(1);
        for (int i = 100; i > 0; i--) {
            r.record(i);
        }
        r.error("a");
        r.error("a");
        r.error("b");
        LatencyStats s = r.stats(10);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.errors()).isEqualTo(3);
        assertThat(s.errorCounts()).containsEntry("a", 2L).containsEntry("b", 1L);
        assertThat(s.sortedNanos()[0]).isEqualTo(1);
    }
}
