package dev.cairn.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every JMH benchmark still runs: each benchmark method once, in this JVM (no fork, no warm-up, one
 * single-shot measurement, 1,000 keys instead of 100,000), and each must report a result. Nothing
 * here looks at the figures; bench/jmh measures.
 */
class BenchmarksSmokeTest {
    private static final List<Class<?>> BENCHMARKS = List.of(
            MvccPutBenchmark.class, MvccRangeBenchmark.class, RaftLogAppendBenchmark.class, ApplyPathBenchmark.class);

    @Test
    void everyBenchmarkMethodRunsOnceAndReportsAResult() throws RunnerException {
        // Other builds on this machine may run JMH at the same time; its global lock file would
        // then fail this run. This JVM is the test's own, so the property touches nothing else.
        System.setProperty("jmh.ignoreLock", "true");
        OptionsBuilder options = new OptionsBuilder();
        for (Class<?> c : BENCHMARKS) {
            options.include("^" + Pattern.quote(c.getName()) + "\\.");
        }
        Options smoke = options.forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .mode(Mode.SingleShotTime)
                .param("keySpace", "1000")
                .param("keys", "1000")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(smoke).run();

        List<String> reported = results.stream()
                .filter(r -> r.getPrimaryResult().getSampleCount() >= 1)
                .map(r -> r.getParams().getBenchmark())
                .toList();
        assertThat(reported).containsExactlyInAnyOrderElementsOf(benchmarkMethods());
    }

    private static List<String> benchmarkMethods() {
        return BENCHMARKS.stream()
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods())
                        .filter(m -> m.isAnnotationPresent(Benchmark.class))
                        .map(m -> c.getName() + "." + m.getName()))
                .toList();
    }
}
