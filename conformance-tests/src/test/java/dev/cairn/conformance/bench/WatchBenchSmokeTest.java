package dev.cairn.conformance.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link WatchBench} at toy size against both servers, so the benchmark keeps working. No
 * figure is asserted: only that every watcher was created and every event arrived.
 */
class WatchBenchSmokeTest {
    @Test
    void benchmarkRunsAtToySize() throws Exception {
        List<String> targets =
                List.of(System.getProperty("conformance.targets", "etcd,cairn").split(","));
        List<WatchBench.Figures> figures = WatchBench.run(targets, 200, 4, 20, 2, 30);
        assertThat(figures).hasSize(targets.size());
        for (WatchBench.Figures f : figures) {
            assertThat(f.samples()).as("events received by %s", f.target()).isEqualTo(20L * 30);
        }
        System.out.println(WatchBench.HEADER);
        figures.forEach(f -> System.out.println(f.line()));
    }
}
